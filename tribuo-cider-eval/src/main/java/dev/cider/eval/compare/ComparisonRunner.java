package dev.cider.eval.compare;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.MultimodalSplits;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.sweep.MissingRateSweep;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.maci.TauDebiaser;
import dev.cider.maci.TauSelector;
import dev.cider.missing.MissingPattern;
import dev.cider.model.CiderModel;
import dev.cider.train.CiderTrainer;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a {@link ComparisonExperiment}: trains (or loads) every system on each corpus, sweeps it with every pattern on
 * the corpus's test split with the same deterministic masks for all systems, and assembles a {@link ComparisonReport}.
 * Models trained on identical training data are reused across corpora (e.g. an OOD test split of the same corpus).
 */
public final class ComparisonRunner {

    private final ComparisonExperiment experiment;
    private final Consumer<String> progress;

    /**
     * Creates a runner.
     * @param experiment The experiment.
     * @param progress Receives progress lines (may be a no-op).
     */
    public ComparisonRunner(ComparisonExperiment experiment, Consumer<String> progress) {
        this.experiment = experiment;
        this.progress = Objects.requireNonNull(progress);
    }

    /**
     * Runs the experiment.
     * @param configFile The configuration file to record (may be null).
     * @param commandLine The command line to record.
     * @return The report.
     * @throws IOException if a model file cannot be read or the configuration cannot be hashed.
     */
    public ComparisonReport run(Path configFile, List<String> commandLine) throws IOException {
        long t0 = System.nanoTime();
        ComparisonReport.Builder report = ComparisonReport.builder(experiment.title()).description(experiment.description())
                .seed(experiment.maskSeed()).commandLine(commandLine);
        if (configFile != null) {
            report.configFile(configFile);
        }
        Map<String, MultimodalSource> corpora = new LinkedHashMap<>();
        corpora.put(experiment.dataName(), experiment.data());
        if (experiment.oodData() != null) {
            corpora.put(experiment.oodDataName(), experiment.oodData());
        }
        Map<String, Map<String, Model<Label>>> modelsByTrainingData = new LinkedHashMap<>();
        Map<String, String> trainedOn = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        List<Model<Label>> opened = new ArrayList<>();
        try {
            for (Map.Entry<String, MultimodalSource> corpus : corpora.entrySet()) {
                MultimodalSplits splits = MultimodalSplits.load(corpus.getValue());
                progress.accept(String.format(Locale.ROOT, "== %s: %s, splits %s", corpus.getKey(), corpus.getValue(), splits.sizes()));
                String trainingKey = trainingKey(splits);
                Map<String, Model<Label>> models = modelsByTrainingData.get(trainingKey);
                if (models == null) {
                    models = new LinkedHashMap<>();
                    for (SystemSpec system : experiment.systems()) {
                        Model<Label> m = system.variantOf() != null ? variant(system, models) : obtain(system, splits, corpus.getKey());
                        opened.add(m);
                        models.put(system.name(), m);
                        String note = system.describe();
                        if (m instanceof CiderModel && tunesTau(system)) {
                            note += String.format(Locale.ROOT, "; tau %.1f chosen on the %s valid split", ((CiderModel) m).getTau(), corpus.getKey());
                        }
                        notes.put(system.name(), note);
                        report.trainingNote(system.name(), note);
                    }
                    modelsByTrainingData.put(trainingKey, models);
                    trainedOn.put(trainingKey, corpus.getKey());
                } else {
                    progress.accept("   same training data as an earlier corpus: reusing its models");
                }
                boolean ownValid = corpus.getKey().equals(trainedOn.get(trainingKey));
                sweepAll(report, corpus.getKey(), splits, ownValid ? models : tauForSetting(corpus.getKey(), splits, models, notes, report, opened));
                if (corpus.getKey().equals(experiment.dataName()) && experiment.crossData() != null) {
                    MultimodalSplits cross = MultimodalSplits.load(experiment.crossData());
                    if (!cross.layout().equals(splits.layout())) {
                        throw new IllegalArgumentException("Cross-dataset corpus " + experiment.crossData() + " has layout "
                                + cross.layout().describe() + ", the training corpus " + splits.layout().describe());
                    }
                    progress.accept(String.format(Locale.ROOT, "== %s: models trained on %s tested on %s (%d test utterances)",
                            experiment.crossDataName(), corpus.getKey(), experiment.crossData(), cross.test().size()));
                    sweepAll(report, experiment.crossDataName(), cross, tauForSetting(experiment.crossDataName(), cross, models, notes, report, opened));
                }
            }
        } finally {
            for (Model<Label> m : opened) {
                if (m instanceof AutoCloseable) {
                    try {
                        ((AutoCloseable) m).close();
                    } catch (Exception e) {
                        progress.accept("   could not release a model: " + e.getMessage());
                    }
                }
            }
        }
        report.wallTime(Duration.ofNanos(System.nanoTime() - t0));
        return report.build();
    }

    /*
     * With tauPerSetting, the models to test in a setting whose valid split the models were not selected on: every
     * CIDer model that debiases gets tau chosen again on this setting's valid split (never its test split).
     */
    private Map<String, Model<Label>> tauForSetting(String setting, MultimodalSplits splits, Map<String, Model<Label>> models,
                                                    Map<String, String> notes, ComparisonReport.Builder report, List<Model<Label>> opened) {
        if (!experiment.tauPerSetting()) {
            return models;
        }
        List<MultimodalExample> valid = splits.examples(DataSplit.VALID);
        if (valid.isEmpty()) {
            throw new IllegalArgumentException("tauPerSetting needs labelled validation utterances in setting '" + setting
                    + "', but its valid split is empty");
        }
        Map<String, Model<Label>> out = new LinkedHashMap<>();
        for (SystemSpec system : experiment.systems()) {
            Model<Label> m = models.get(system.name());
            if (m instanceof CiderModel && ((CiderModel) m).isDebiasing() && tunesTau(system)) {
                TauDebiaser.Selection s = ((CiderModel) m).selectTau(valid, maxTau(system));
                CiderModel tuned = ((CiderModel) m).withTau(s.tau());
                opened.add(tuned);
                m = tuned;
                String note = String.format(Locale.ROOT, "%s; tau %.1f chosen on the %s valid split (headline %.4f, %.4f at tau 0)",
                        notes.get(system.name()), s.tau(), setting, s.score(), s.scores()[0]);
                notes.put(system.name(), note);
                report.trainingNote(system.name(), note);
                progress.accept(String.format(Locale.ROOT, "   %s: tau %.1f chosen on the %s valid split (%d utterances)",
                        system.name(), s.tau(), setting, valid.size()));
            }
            out.put(system.name(), m);
        }
        return out;
    }

    /** Whether a system chooses tau: CIDer trained with maxTau > 0, a loaded model, or a debiasing variant of one of them. */
    private boolean tunesTau(SystemSpec system) {
        if (system.variantOf() != null) {
            SystemSpec base = systemNamed(system.variantOf());
            return system.debias() && base != null && tunesTau(base);
        }
        return maxTau(system) > 0;
    }

    private double maxTau(SystemSpec system) {
        if (system.variantOf() != null) {
            SystemSpec base = systemNamed(system.variantOf());
            return base == null ? 0.0 : maxTau(base);
        }
        if (system.trainer() instanceof CiderTrainer) {
            return ((CiderTrainer) system.trainer()).getMaxTau();
        }
        return system.modelPath() != null ? TauSelector.DEFAULT_MAX_TAU : 0.0;
    }

    private SystemSpec systemNamed(String name) {
        for (SystemSpec s : experiment.systems()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private void sweepAll(ComparisonReport.Builder report, String corpusName, MultimodalSplits splits, Map<String, Model<Label>> models) {
        List<MultimodalExample> test = splits.examples(DataSplit.TEST);
        for (MissingPattern pattern : experiment.patterns()) {
            if (pattern.needsAlignedData() && !splits.layout().aligned()) {
                progress.accept("   skipping " + pattern.name() + ": it needs aligned data");
                continue;
            }
            String setting = experiment.patterns().size() == 1 ? corpusName : corpusName + " " + pattern.name();
            MissingRateSweep sweep = new MissingRateSweep(pattern, experiment.rates(), experiment.maskSeed());
            for (Map.Entry<String, Model<Label>> m : models.entrySet()) {
                progress.accept(String.format(Locale.ROOT, "   sweeping %s with %s on %d test utterances", m.getKey(), pattern.name(), test.size()));
                SweepResult result = sweep.run(m.getKey(), m.getValue(), test, splits.task(), splits.provenance(DataSplit.TEST), null);
                report.add(setting, result);
            }
        }
    }

    private Model<Label> obtain(SystemSpec system, MultimodalSplits splits, String corpus) throws IOException {
        if (system.modelPath() != null) {
            progress.accept("   loading " + system.name() + " from " + system.modelPath());
            return loadModel(system.modelPath());
        }
        Trainer<Label> trainer = system.trainer();
        long t0 = System.nanoTime();
        progress.accept("   training " + system.name() + " on " + corpus + " (" + splits.train().size() + " utterances)");
        Model<Label> model = trainer instanceof CiderTrainer ? ((CiderTrainer) trainer).train(splits) : trainer.train(splits.train());
        progress.accept(String.format(Locale.ROOT, "   trained %s in %.1f s", system.name(), (System.nanoTime() - t0) / 1e9));
        return model;
    }

    private static Model<Label> variant(SystemSpec system, Map<String, Model<Label>> models) {
        Model<Label> base = models.get(system.variantOf());
        if (!(base instanceof CiderModel)) {
            throw new IllegalArgumentException("System '" + system.name() + "' is a variant of '" + system.variantOf()
                    + "', which must be a CIDer system listed before it");
        }
        return ((CiderModel) base).withDebiasing(system.debias());
    }

    @SuppressWarnings("unchecked")
    private static Model<Label> loadModel(Path path) throws IOException {
        Model<?> m = Model.deserializeFromFile(path);
        if (!(m.getOutputIDInfo().getDomain().iterator().next() instanceof Label)) {
            throw new IOException("Model " + path + " is not a classification model");
        }
        return (Model<Label>) m;
    }

    private String trainingKey(MultimodalSplits splits) {
        // With tauPerSetting the valid split only chooses tau, per setting: models are reused when the train splits agree.
        String train = digest(splits.examples(DataSplit.TRAIN));
        return experiment.tauPerSetting() ? train : train + "#" + digest(splits.examples(DataSplit.VALID));
    }

    private static String digest(List<MultimodalExample> examples) {
        return examples.stream().map(e -> e.getId() + ":" + e.getScore() + ":" + e.getText().hashCode() + ":" + e.getAudio().hashCode()
                + ":" + e.getVision().hashCode()).collect(Collectors.joining("|"));
    }
}
