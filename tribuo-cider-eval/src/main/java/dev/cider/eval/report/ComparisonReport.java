package dev.cider.eval.report;

import dev.cider.eval.sweep.SweepResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable comparison of systems (CIDer, ablations, Tribuo baselines) over settings (e.g. IID and OOD test
 * splits, each with a missing pattern): a title, a description, one {@link ComparisonRow} per (setting, system,
 * task), free-form metadata about the run (configuration file and its SHA-256, seed, command line, wall time) and
 * a free-form note per system on how it was obtained (trained from which configuration, or loaded from which
 * file). {@link ComparisonReportWriter} writes it as Markdown, CSV, JSON and PNG plots.
 */
public final class ComparisonReport {

    /** Metadata key of the configuration file path. */
    public static final String CONFIG_FILE = "configFile";
    /** Metadata key of the configuration file's SHA-256. */
    public static final String CONFIG_SHA256 = "configSha256";
    /** Metadata key of the seed. */
    public static final String SEED = "seed";
    /** Metadata key of the command line. */
    public static final String COMMAND_LINE = "commandLine";
    /** Metadata key of the wall time. */
    public static final String WALL_TIME = "wallTime";

    private final String title;
    private final String description;
    private final List<ComparisonRow> rows;
    private final Map<String, String> metadata;
    private final Map<String, String> trainingNotes;
    private final ComparisonView view;

    private ComparisonReport(Builder b) {
        this.title = b.title;
        this.description = b.description;
        this.rows = Collections.unmodifiableList(new ArrayList<>(b.rows));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.trainingNotes = Collections.unmodifiableMap(new LinkedHashMap<>(b.trainingNotes));
        List<SweepCurve> curves = new ArrayList<>();
        for (ComparisonRow r : rows) {
            curves.add(SweepCurve.of(r.setting(), r.result()));
        }
        this.view = new ComparisonView(curves);
    }

    /**
     * Starts a report.
     * @param title The title (not blank).
     * @return A builder.
     */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** @return The title. */
    public String title() {
        return title;
    }

    /** @return The description of what was run (may be empty). */
    public String description() {
        return description;
    }

    /** @return The rows in the order added. */
    public List<ComparisonRow> rows() {
        return rows;
    }

    /** @return The run's metadata, in the order added. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return System name to a note on how it was obtained, in the order added. */
    public Map<String, String> trainingNotes() {
        return trainingNotes;
    }

    /** @return The numbers of every row, indexed by setting and system. */
    public ComparisonView view() {
        return view;
    }

    /**
     * Builds a {@link ComparisonReport}.
     */
    public static final class Builder {
        private final String title;
        private String description = "";
        private final List<ComparisonRow> rows = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, String> trainingNotes = new LinkedHashMap<>();

        private Builder(String title) {
            Objects.requireNonNull(title, "title");
            if (title.isBlank()) {
                throw new IllegalArgumentException("A report needs a title");
            }
            this.title = title.strip();
        }

        /**
         * Sets the description of what was run.
         * @param description Free text (Markdown is kept as is in report.md).
         * @return This builder.
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description").strip();
            return this;
        }

        /**
         * Adds the sweep of one system in one setting.
         * @param setting The setting's name.
         * @param result The result.
         * @return This builder.
         */
        public Builder add(String setting, SweepResult result) {
            rows.add(new ComparisonRow(setting, result));
            return this;
        }

        /**
         * Adds a metadata entry (replacing an earlier value of the key).
         * @param key The key.
         * @param value The value.
         * @return This builder.
         */
        public Builder metadata(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value for metadata key " + key);
            metadata.put(key, value);
            return this;
        }

        /**
         * Records the configuration file and its SHA-256 ({@link #CONFIG_FILE}, {@link #CONFIG_SHA256}).
         * @param configFile The file.
         * @return This builder.
         * @throws IOException if the file cannot be read.
         */
        public Builder configFile(Path configFile) throws IOException {
            metadata(CONFIG_FILE, configFile.toString());
            return metadata(CONFIG_SHA256, sha256(configFile));
        }

        /**
         * Records the seed ({@link #SEED}).
         * @param seed The seed.
         * @return This builder.
         */
        public Builder seed(long seed) {
            return metadata(SEED, Long.toString(seed));
        }

        /**
         * Records the command line ({@link #COMMAND_LINE}), arguments joined by spaces.
         * @param args The arguments.
         * @return This builder.
         */
        public Builder commandLine(List<String> args) {
            return metadata(COMMAND_LINE, String.join(" ", args));
        }

        /**
         * Records the wall time ({@link #WALL_TIME}) in seconds with one decimal.
         * @param wallTime The elapsed time.
         * @return This builder.
         */
        public Builder wallTime(Duration wallTime) {
            return metadata(WALL_TIME, String.format(Locale.ROOT, "%.1f s", wallTime.toMillis() / 1000.0));
        }

        /**
         * Records how a system was obtained, e.g. "trained with configs/cider.xml (sha256 ...), 30 epochs" or
         * "loaded from models/lr.model".
         * @param system The system's name.
         * @param note The note.
         * @return This builder.
         */
        public Builder trainingNote(String system, String note) {
            trainingNotes.put(Objects.requireNonNull(system, "system"), Objects.requireNonNull(note, "note"));
            return this;
        }

        /**
         * Builds the report.
         * @return The report.
         * @throws IllegalArgumentException if there are no rows, or two rows have the same setting, system and task.
         */
        public ComparisonReport build() {
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("Report '" + title + "' has no results");
            }
            return new ComparisonReport(this);
        }
    }

    /**
     * The SHA-256 of a file's bytes, in lower-case hex.
     * @param file The file.
     * @return The digest.
     * @throws IOException if the file cannot be read.
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
