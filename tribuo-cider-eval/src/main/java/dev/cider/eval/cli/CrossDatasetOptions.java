package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.CsvTextSource;
import dev.cider.data.source.MmsaPickleSource;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.CrossDataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --cross SPEC[=NAME],...}: cross-dataset corpora added to a comparison from the command line, without writing
 * XML. The models trained on the experiment's {@code data} are also tested on each corpus's test split. A SPEC is
 * <ul>
 *     <li>an MMSA pickle {@code FILE.pkl} (e.g. the other data set's aligned_50.pkl);</li>
 *     <li>{@code FILE.csv}: a text CSV ({@code id,text,label,mode}, as CMU-MOSI's label.csv) read with
 *     {@code --cross-audio-vision};</li>
 *     <li>{@code synthetic:PRESET} (mosi-aligned, mosi-unaligned, mosei-aligned, mosei-unaligned): a synthetic corpus;</li>
 *     <li>the name of a MultimodalSource component of the configuration.</li>
 * </ul>
 * A split assignment ({@code id,mode}, from {@code cider ood-split}) is refused: it re-partitions the training corpus,
 * so its test split holds training utterances; give it as the experiment's {@code oodData} (a ReassignedSource), whose
 * models are trained on its own train split.
 * <p>
 * NAME is the setting's name in the report (default: the file name without extension, the preset or the component).
 * Every corpus is labelled for the experiment's task; time steps that differ are padded or truncated to the training
 * corpus's, feature dimensions must agree.
 */
public final class CrossDatasetOptions implements Options {

    /** The corpora. */
    @Option(longName = "cross", usage = "Cross-dataset corpora, comma-separated, each SPEC[=NAME]: FILE.pkl (MMSA pickle),"
            + " FILE.csv (a text CSV with id,text,label,mode columns), synthetic:PRESET,"
            + " or a MultimodalSource component of the configuration. The models trained on the experiment's data are also"
            + " tested on each test split.")
    public String[] cross;

    /** Audio and vision of a text CSV. */
    @Option(longName = "cross-audio-vision", usage = "Audio and vision of a --cross text CSV: absent (default) or synthetic.")
    public String crossAudioVision = "absent";

    /**
     * For OLCUT.
     */
    public CrossDatasetOptions() {
    }

    @Override
    public String getOptionsDescription() {
        return "Cross-dataset testing: further corpora the trained models are tested on.";
    }

    /**
     * The experiment with the corpora given on the command line added.
     * @param experiment The experiment.
     * @param cm The configuration (for component names).
     * @return The experiment.
     * @throws IllegalArgumentException if a SPEC is malformed, names no file or component, or a name is taken.
     */
    public ComparisonExperiment apply(ComparisonExperiment experiment, ConfigurationManager cm) {
        if (cross == null || cross.length == 0) {
            return experiment;
        }
        List<CrossDataset> corpora = new ArrayList<>();
        for (String spec : cross) {
            corpora.add(parse(spec.trim(), experiment, cm));
        }
        try {
            return experiment.withCrossDatasets(corpora);
        } catch (PropertyException e) {
            throw new IllegalArgumentException("--cross: " + e.getMessage(), e);
        }
    }

    private CrossDataset parse(String spec, ComparisonExperiment experiment, ConfigurationManager cm) {
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("--cross: empty corpus in the list");
        }
        int eq = spec.lastIndexOf('=');
        String what = eq < 0 ? spec : spec.substring(0, eq).trim();
        String name = eq < 0 ? null : spec.substring(eq + 1).trim();
        if (what.isEmpty() || (name != null && name.isEmpty())) {
            throw new IllegalArgumentException("--cross: expected SPEC or SPEC=NAME, found '" + spec + "'");
        }
        SentimentTask task = experiment.data().getTask();
        String lower = what.toLowerCase(Locale.ROOT);
        if (lower.startsWith("synthetic:")) {
            SyntheticPreset preset = SyntheticPreset.parse(what.substring("synthetic:".length()).trim());
            return new CrossDataset(name != null ? name : what.substring("synthetic:".length()).trim(),
                    SyntheticSource.builder(preset).task(task).build());
        }
        if (lower.endsWith(".pkl") || lower.endsWith(".csv")) {
            Path file = Path.of(what);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--cross: no file at " + file.toAbsolutePath());
            }
            String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            String setting = name != null ? name : stem;
            if (lower.endsWith(".pkl")) {
                return new CrossDataset(setting, new MmsaPickleSource(file, DataSplit.TRAIN, task));
            }
            if (isAssignmentFile(file)) {
                throw new IllegalArgumentException("--cross: " + file + " is a split assignment (id,mode): it re-partitions the"
                        + " training corpus, so its test split holds utterances the models were trained on. Give it as the"
                        + " experiment's oodData (a ReassignedSource of the corpus), whose models train on its own train split");
            }
            CsvTextSource.AudioVisionMode mode;
            try {
                mode = CsvTextSource.AudioVisionMode.valueOf(crossAudioVision.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cross-audio-vision must be absent or synthetic, found '" + crossAudioVision + "'", e);
            }
            return new CrossDataset(setting, new CsvTextSource(file, DataSplit.TRAIN, task, mode, 1L));
        }
        Object component;
        try {
            component = cm.lookup(what);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--cross: could not create the component '" + what + "': " + e.getMessage(), e);
        }
        if (!(component instanceof MultimodalSource source)) {
            throw new IllegalArgumentException("--cross: '" + what + "' is not a .pkl or .csv file, synthetic:PRESET, or a"
                    + " MultimodalSource component of the configuration" + (component == null ? "" : " (it is a "
                    + component.getClass().getSimpleName() + ")"));
        }
        return new CrossDataset(name != null ? name : what, source);
    }

    /** Whether a CSV is a split assignment (header id,mode) rather than a text corpus. */
    private static boolean isAssignmentFile(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            return header != null && header.replace("\uFEFF", "").trim().equalsIgnoreCase("id,mode");
        } catch (IOException e) {
            throw new UncheckedIOException("--cross: could not read " + file, e);
        }
    }
}
