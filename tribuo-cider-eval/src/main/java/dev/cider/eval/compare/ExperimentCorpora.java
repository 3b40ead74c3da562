package dev.cider.eval.compare;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.MultimodalSplits;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The corpora of a {@link ComparisonExperiment}, loaded once and shared read-only by every trial: the settings the
 * systems are trained and tested in ({@code data}, then {@code oodData}), and the optional cross-dataset corpus whose
 * test split the models trained on {@code data} are also tested on.
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
     */
    public record Corpus(String setting, MultimodalSource source, MultimodalSplits splits, String trainingKey) {
    }

    private final List<Corpus> settings;
    private final Corpus cross;

    private ExperimentCorpora(List<Corpus> settings, Corpus cross) {
        this.settings = Collections.unmodifiableList(settings);
        this.cross = cross;
    }

    /**
     * Loads the corpora of an experiment.
     * @param experiment The experiment.
     * @param progress Told what was loaded.
     * @return The corpora.
     * @throws IllegalArgumentException if the cross-dataset corpus's layout differs from the training corpus's.
     */
    public static ExperimentCorpora load(ComparisonExperiment experiment, Consumer<String> progress) {
        List<Corpus> settings = new ArrayList<>();
        settings.add(corpus(experiment, experiment.dataName(), experiment.data(), progress));
        if (experiment.oodData() != null) {
            settings.add(corpus(experiment, experiment.oodDataName(), experiment.oodData(), progress));
        }
        Corpus cross = null;
        if (experiment.crossData() != null) {
            cross = corpus(experiment, experiment.crossDataName(), experiment.crossData(), progress);
            if (!cross.splits().layout().equals(settings.get(0).splits().layout())) {
                throw new IllegalArgumentException("Cross-dataset corpus " + experiment.crossData() + " has layout "
                        + cross.splits().layout().describe() + ", the training corpus " + settings.get(0).splits().layout().describe());
            }
        }
        return new ExperimentCorpora(settings, cross);
    }

    private static Corpus corpus(ComparisonExperiment experiment, String setting, MultimodalSource source, Consumer<String> progress) {
        MultimodalSplits splits = MultimodalSplits.load(source);
        progress.accept(String.format(Locale.ROOT, "== %s: %s, splits %s", setting, source, splits.sizes()));
        // With tauPerSetting the valid split only chooses tau, per setting: models are shared when the train splits agree.
        String train = digest(splits.examples(DataSplit.TRAIN));
        String key = experiment.tauPerSetting() ? train : train + "#" + digest(splits.examples(DataSplit.VALID));
        return new Corpus(setting, source, splits, key);
    }

    private static String digest(List<MultimodalExample> examples) {
        return examples.stream().map(e -> e.getId() + ":" + e.getScore() + ":" + e.getText().hashCode() + ":" + e.getAudio().hashCode()
                + ":" + e.getVision().hashCode()).collect(Collectors.joining("|"));
    }

    /** @return The settings systems are trained and tested in, in order. */
    public List<Corpus> settings() {
        return settings;
    }

    /** @return The cross-dataset corpus, or null. */
    public Corpus cross() {
        return cross;
    }
}
