package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;
import dev.cider.data.LayoutAdapter;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.source.LayoutAdaptedSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The corpora of a {@link ComparisonExperiment}, loaded once and shared read-only by every trial: the settings the
 * systems are trained and tested in ({@code data}, then {@code oodData}), and the cross-dataset corpora whose test
 * splits the models trained on {@code data} are also tested on. A cross-dataset corpus whose time steps differ from the
 * training corpus's is brought to its layout by a {@link LayoutAdaptedSource} (steps padded or truncated, recorded in
 * the provenance of its data and told to the progress); one whose feature dimensions differ is refused.
 */
public final class ExperimentCorpora {

    /**
     * One loaded corpus.
     *
     * @param setting     The setting's name in the report.
     * @param source      The source.
     * @param splits      Its train, valid and test splits.
     * @param trainingKey Equal for corpora whose models are interchangeable (same train split, and the same valid split
     *                    unless tau is chosen per setting), so a trial trains once for them.
     * @param adaptation  What was done to a cross-dataset corpus's test split to bring it to the training corpus's layout
     *                    (e.g. "text truncated 75 -> 50 steps (...)"), or empty when nothing was.
     */
    public record Corpus(String setting, MultimodalSource source, MultimodalSplits splits, String trainingKey, String adaptation) {
    }

    private final List<Corpus> settings;
    private final List<Corpus> cross;

    private ExperimentCorpora(List<Corpus> settings, List<Corpus> cross) {
        this.settings = Collections.unmodifiableList(settings);
        this.cross = Collections.unmodifiableList(cross);
    }

    /**
     * Loads the corpora of an experiment.
     * @param experiment The experiment.
     * @param progress Told what was loaded.
     * @return The corpora.
     * @throws IllegalArgumentException if a cross-dataset corpus's feature dimensions differ from the training corpus's
     *                                  (the message names the corpus, the modality and both dimensions).
     */
    public static ExperimentCorpora load(ComparisonExperiment experiment, Consumer<String> progress) {
        List<Corpus> settings = new ArrayList<>();
        settings.add(corpus(experiment, experiment.dataName(), experiment.data(), progress));
        if (experiment.oodData() != null) {
            settings.add(corpus(experiment, experiment.oodDataName(), experiment.oodData(), progress));
        }
        List<Corpus> cross = new ArrayList<>();
        DataLayout training = settings.get(0).splits().layout();
        for (CrossDataset c : experiment.crossCorpora()) {
            MultimodalSource source = c.data();
            DataLayout own = source.getLayout();
            if (!own.equals(training)) {
                try {
                    new LayoutAdapter(training).checkDimensions(own, "Cross-dataset corpus '" + c.name() + "' (" + source + ")");
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage() + "; the models were trained on " + experiment.dataName()
                            + " (" + training.describe() + ")", e);
                }
                source = new LayoutAdaptedSource(source, training, source.getSplit());
            }
            Corpus corpus = corpus(experiment, c.name(), source, progress);
            if (source instanceof LayoutAdaptedSource) {
                String done = String.format(Locale.ROOT, "test split adapted to the layout of %s (%s): %s", experiment.dataName(),
                        training.describe(), adaptation(corpus.splits()));
                progress.accept("   " + c.name() + ": " + done);
                corpus = new Corpus(corpus.setting(), corpus.source(), corpus.splits(), corpus.trainingKey(), done);
            }
            cross.add(corpus);
        }
        return new ExperimentCorpora(settings, cross);
    }

    private static Corpus corpus(ComparisonExperiment experiment, String setting, MultimodalSource source, Consumer<String> progress) {
        MultimodalSplits splits = MultimodalSplits.load(source);
        progress.accept(String.format(Locale.ROOT, "== %s: %s, splits %s", setting, source, splits.sizes()));
        // With tauPerSetting the valid split only chooses tau, per setting: models are shared when the train splits agree.
        String train = digest(splits.examples(DataSplit.TRAIN));
        String key = experiment.tauPerSetting() ? train : train + "#" + digest(splits.examples(DataSplit.VALID));
        return new Corpus(setting, source, splits, key, "");
    }

    /** What was done to the test split of an adapted corpus, as its data provenance records it. */
    private static String adaptation(MultimodalSplits splits) {
        if (splits.test().getSourceProvenance() instanceof ConfiguredObjectProvenance p) {
            PrimitiveProvenance<?> value = p.getInstanceValues().get(LayoutAdaptedSource.ADAPTATION_PROVENANCE);
            if (value != null) {
                return String.valueOf(value.getValue());
            }
        }
        return "see the provenance of its data";
    }

    private static String digest(List<MultimodalExample> examples) {
        return examples.stream().map(e -> e.getId() + ":" + e.getScore() + ":" + e.getText().hashCode() + ":" + e.getAudio().hashCode()
                + ":" + e.getVision().hashCode()).collect(Collectors.joining("|"));
    }

    /** @return The settings systems are trained and tested in, in order. */
    public List<Corpus> settings() {
        return settings;
    }

    /** @return The cross-dataset corpora, in order (empty if none). */
    public List<Corpus> crossCorpora() {
        return cross;
    }
}
