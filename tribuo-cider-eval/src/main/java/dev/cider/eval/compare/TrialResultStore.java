package dev.cider.eval.compare;

import dev.cider.util.AtomicFiles;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An append-only store of finished trials in a directory: one file per trial, {@code trial-<index>.ser}, written
 * atomically ({@link AtomicFiles}) as soon as the trial finishes, so an experiment that dies keeps every trial it
 * finished, and a rerun of the same experiment into the same directory reads them back instead of running them again.
 * It does not depend on where trials run: {@link ExperimentRunner} writes the results of trials run in this process and
 * of trials run in child processes alike, and any other engine can do the same.
 * <p>
 * A file holds a header (magic bytes, format version, the {@link ExperimentFingerprint experiment's fingerprint}, the
 * trial's index and label) followed by the {@link TrialResult} in Java serialisation, the form
 * {@link ForkedTrialRunner} already ships results in between processes. Java serialisation is used rather than JSON
 * because it restores every field of a result exactly (metrics with their confusion matrices, per-utterance outcome
 * codes, Tribuo evaluation provenance), so a report assembled from stored trials is the report of the run itself; the
 * price is that a file written by an incompatible version of the classes cannot be read, in which case the trial is
 * run again (with a message) and its file replaced. Reading is restricted to the classes a result holds
 * ({@link #RESULT_FILTER}).
 * <p>
 * A directory holds the trials of one experiment: opening it with another fingerprint (another configuration, other
 * data files, other seeds) is refused with a message, so that results of different experiments are never mixed.
 */
public final class TrialResultStore {

    /** The classes a stored or shipped trial result may hold. */
    static final ObjectInputFilter RESULT_FILTER = ObjectInputFilter.Config.createFilter(
            "java.lang.*;java.util.*;java.time.*;java.net.URL;java.io.File;dev.cider.**;org.tribuo.**;com.oracle.labs.mlrg.olcut.**;[B;[J;[[J;!*");

    /** The format version of trial files. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = "CIDER-TRIAL\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Pattern FILE_NAME = Pattern.compile("trial-(\\d+)\\.ser");

    private final Path directory;
    private final String fingerprint;

    private TrialResultStore(Path directory, String fingerprint) {
        this.directory = directory;
        this.fingerprint = fingerprint;
    }

    /**
     * Opens (and creates) the store of an experiment.
     * @param directory The directory.
     * @param fingerprint The experiment's {@link ExperimentFingerprint}.
     * @return The store.
     * @throws IllegalArgumentException if the directory holds trials of another experiment; the message names the
     *     directory and says to choose another or delete it.
     * @throws UncheckedIOException if the directory cannot be created or listed.
     */
    public static TrialResultStore open(Path directory, String fingerprint) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fingerprint, "fingerprint");
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                for (Path f : files.filter(TrialResultStore::isTrialFile).sorted().toList()) {
                    String other = readHeader(f).fingerprint();
                    if (other != null && !other.equals(fingerprint)) {
                        throw new IllegalArgumentException("The directory " + directory + " holds finished trials of another experiment"
                                + " (" + f.getFileName() + ": experiment " + shortly(other) + ", this one " + shortly(fingerprint)
                                + "); write to another output directory, or delete " + directory + " to start this experiment afresh");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the trial store " + directory + ": " + e.getMessage(), e);
        }
        return new TrialResultStore(directory, fingerprint);
    }

    /** @return The directory. */
    public Path directory() {
        return directory;
    }

    /** @return The fingerprint of the experiment whose trials this store holds. */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * The file of a trial.
     * @param trial The trial.
     * @return Its path (which may not exist yet).
     */
    public Path file(Trial trial) {
        return directory.resolve("trial-" + trial.index() + ".ser");
    }

    /**
     * Reads back the finished trials of a plan.
     * @param plan The experiment's trials.
     * @param messages Told about each file that exists but cannot be used (its trial then runs again).
     * @return The stored results by trial index, in plan order.
     */
    public Map<Integer, TrialResult> readAll(List<Trial> plan, Consumer<String> messages) {
        Map<Integer, TrialResult> out = new LinkedHashMap<>();
        for (Trial t : plan) {
            Path f = file(t);
            if (!Files.exists(f)) {
                continue;
            }
            try {
                out.put(t.index(), read(f, t));
            } catch (IOException | RuntimeException e) {
                messages.accept("   " + f + " cannot be read back (" + e.getMessage() + "); trial " + t.label() + " runs again");
            }
        }
        return out;
    }

    /**
     * Stores a finished trial (atomically: the file is complete or absent).
     * @param result The trial's result.
     * @throws UncheckedIOException if it cannot be written.
     */
    public void write(TrialResult result) {
        Path f = file(result.trial());
        try {
            AtomicFiles.write(f, out -> {
                DataOutputStream data = new DataOutputStream(out);
                data.write(MAGIC);
                data.writeInt(FORMAT_VERSION);
                data.writeUTF(fingerprint);
                data.writeInt(result.trial().index());
                data.writeUTF(result.trial().label());
                data.flush();
                serialize(out, result);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the result of trial " + result.trial().label() + " in " + f, e);
        }
    }

    private TrialResult read(Path f, Trial trial) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            Header h = readHeader(in);
            if (h.version() != FORMAT_VERSION) {
                throw new IOException("format version " + h.version() + ", this program reads version " + FORMAT_VERSION);
            }
            if (!fingerprint.equals(h.fingerprint())) {
                throw new IOException("it belongs to another experiment");
            }
            if (h.index() != trial.index() || !h.label().equals(trial.label())) {
                throw new IOException("it holds trial " + h.index() + " (" + h.label() + "), expected " + trial.index() + " (" + trial.label() + ")");
            }
            TrialResult r = deserialize(in);
            if (!r.trial().equals(trial)) {
                throw new IOException("it holds the result of " + r.trial() + ", expected " + trial);
            }
            return r;
        }
    }

    /**
     * Writes a trial result in Java serialisation (the stored and the shipped form).
     * @param out The stream (not closed).
     * @param result The result.
     * @throws IOException on failure.
     */
    public static void serialize(OutputStream out, TrialResult result) throws IOException {
        ObjectOutputStream oos = new ObjectOutputStream(out);
        oos.writeObject(result);
        oos.flush();
    }

    /**
     * Reads a trial result written by {@link #serialize}, admitting only the classes of {@link #RESULT_FILTER}.
     * @param in The stream (not closed).
     * @return The result.
     * @throws IOException if the stream holds no trial result, or classes outside the filter.
     */
    public static TrialResult deserialize(InputStream in) throws IOException {
        ObjectInputStream ois = new ObjectInputStream(in);
        ois.setObjectInputFilter(RESULT_FILTER);
        try {
            Object o = ois.readObject();
            if (!(o instanceof TrialResult r)) {
                throw new IOException("not a trial result but a " + (o == null ? "null" : o.getClass().getName()));
            }
            return r;
        } catch (ClassNotFoundException e) {
            throw new IOException("unknown class " + e.getMessage(), e);
        }
    }

    private record Header(int version, String fingerprint, int index, String label) {
    }

    private static Header readHeader(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return readHeader(in);
        } catch (IOException e) {
            return new Header(-1, null, -1, "");
        }
    }

    private static Header readHeader(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        data.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a trial file");
        }
        return new Header(data.readInt(), data.readUTF(), data.readInt(), data.readUTF());
    }

    private static boolean isTrialFile(Path p) {
        Matcher m = FILE_NAME.matcher(p.getFileName().toString());
        return m.matches() && Files.isRegularFile(p);
    }

    private static String shortly(String fingerprint) {
        return fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
    }
}
