package dev.cider.eval.compare;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.eval.report.ComparisonRow;
import dev.cider.eval.sweep.MissingRateSweep;
import dev.cider.maci.TauDebiaser;
import dev.cider.maci.TauSelector;
import dev.cider.missing.MissingPattern;
import dev.cider.model.CiderModel;
import dev.cider.runtime.NumericsEnvironment;
import dev.cider.train.CiderTrainer;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs one {@link Trial} of a {@link ComparisonExperiment} in this process: trains (or loads) the trial's system with
 * its training seed on each setting whose training data differs, derives its variants, chooses tau per setting where
 * the experiment asks for it, and sweeps every model with every pattern and mask seed on each setting's test split (and
 * on the cross-dataset corpus). Thread-safe: trials may run side by side, each with its own trainer copy.
 */
public final class TrialExecutor {

    private final ComparisonExperiment experiment;
    private final ExperimentCorpora corpora;
    private final Consumer<String> progress;

    /**
     * Creates an executor.
     * @param experiment The experiment.
     * @param corpora Its loaded corpora.
     * @param progress Receives progress lines (thread-safe; may be a no-op).
     */
    public TrialExecutor(ComparisonExperiment experiment, ExperimentCorpora corpora, Consumer<String> progress) {
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        this.corpora = Objects.requireNonNull(corpora, "corpora");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs a trial.
     * @param trial The trial.
     * @return Its results.
     * @throws UncheckedIOException if a model file cannot be read.
     */
    public TrialResult run(Trial trial) {
        long t0 = System.nanoTime();
        SystemSpec system = experiment.system(trial.system());
        Trainer<Label> trainer = trainerOf(system, trial);
        Map<String, Model<Label>> modelsByTrainingData = new LinkedHashMap<>();
        Map<String, String> trainedOn = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        List<ComparisonRow> rows = new ArrayList<>();
        List<Model<Label>> opened = new ArrayList<>();
        try {
            for (ExperimentCorpora.Corpus corpus : corpora.settings()) {
                Model<Label> base = modelsByTrainingData.get(corpus.trainingKey());
                if (base == null) {
                    base = obtain(system, trainer, trial, corpus);
                    opened.add(base);
                    modelsByTrainingData.put(corpus.trainingKey(), base);
                    trainedOn.put(corpus.trainingKey(), corpus.setting());
                } else {
                    say(trial, corpus.setting() + ": same training data as " + trainedOn.get(corpus.trainingKey()) + ", reusing its model");
                }
                Map<String, Model<Label>> models = withVariants(trial, base, opened);
                if (notes.isEmpty()) {
                    for (Map.Entry<String, Model<Label>> m : models.entrySet()) {
                        String note = "";
                        if (m.getValue() instanceof CiderModel cider && tunesTau(experiment.system(m.getKey()))) {
                            note = String.format(Locale.ROOT, "tau %.1f chosen on the %s valid split", cider.getTau(), corpus.setting());
                        }
                        notes.put(m.getKey(), note);
                    }
                }
                boolean ownValid = corpus.setting().equals(trainedOn.get(corpus.trainingKey()));
                sweepAll(rows, trial, corpus.setting(), corpus.splits(), ownValid ? models
                        : tauForSetting(trial, corpus.setting(), corpus.splits(), models, notes, opened));
                if (corpus == corpora.settings().get(0) && corpora.cross() != null) {
                    ExperimentCorpora.Corpus cross = corpora.cross();
                    say(trial, String.format(Locale.ROOT, "%s: models trained on %s tested on %d test utterances", cross.setting(),
                            corpus.setting(), cross.splits().test().size()));
                    sweepAll(rows, trial, cross.setting(), cross.splits(),
                            tauForSetting(trial, cross.setting(), cross.splits(), models, notes, opened));
                }
            }
        } finally {
            for (Model<Label> m : opened) {
                if (m instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        say(trial, "could not release a model: " + e.getMessage());
                    }
                }
            }
        }
        return new TrialResult(trial, rows, notes, (System.nanoTime() - t0) / 1e9);
    }

    /** The trainer of a trial: a copy of the system's trainer with the trial's seed, or the configured trainer. */
    private static Trainer<Label> trainerOf(SystemSpec system, Trial trial) {
        Trainer<Label> trainer = system.trainer();
        if (trainer == null || trial.trainingSeed() == null) {
            return trainer;
        }
        return SeededTrainers.withSeed(trainer, trial.trainingSeed());
    }

    private Model<Label> obtain(SystemSpec system, Trainer<Label> trainer, Trial trial, ExperimentCorpora.Corpus corpus) {
        if (system.modelPath() != null) {
            say(trial, "loading from " + system.modelPath());
            try {
                return loadModel(system.modelPath());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not load the model of system '" + system.name() + "' from " + system.modelPath(), e);
            }
        }
        MultimodalSplits splits = corpus.splits();
        long t0 = System.nanoTime();
        say(trial, "training on " + corpus.setting() + " (" + splits.train().size() + " utterances)");
        // CIDer records the numerics environment itself; any other trainer gets it as run provenance, so every model says
        // what moved its numbers (processor, kernels, threads, allocator, numerics mode).
        Model<Label> model = trainer instanceof CiderTrainer cider ? cider.train(splits)
                : trainer.train(splits.train(), NumericsEnvironment.current().toProvenance());
        say(trial, String.format(Locale.ROOT, "trained in %.1f s", (System.nanoTime() - t0) / 1e9));
        return model;
    }

    /** The trial's system and its variants, each with its model. */
    private Map<String, Model<Label>> withVariants(Trial trial, Model<Label> base, List<Model<Label>> opened) {
        Map<String, Model<Label>> models = new LinkedHashMap<>();
        models.put(trial.system(), base);
        for (String v : trial.variants()) {
            if (!(base instanceof CiderModel cider)) {
                throw new IllegalArgumentException("System '" + v + "' is a variant of '" + trial.system()
                        + "', which must be a CIDer system");
            }
            CiderModel variant = cider.withDebiasing(experiment.system(v).debias());
            opened.add(variant);
            models.put(v, variant);
        }
        return models;
    }

    /*
     * With tauPerSetting, the models to test in a setting whose valid split the models were not selected on: every
     * CIDer model that debiases gets tau chosen again on this setting's valid split (never its test split).
     */
    private Map<String, Model<Label>> tauForSetting(Trial trial, String setting, MultimodalSplits splits, Map<String, Model<Label>> models,
                                                    Map<String, String> notes, List<Model<Label>> opened) {
        if (!experiment.tauPerSetting()) {
            return models;
        }
        List<MultimodalExample> valid = splits.examples(DataSplit.VALID);
        if (valid.isEmpty()) {
            throw new IllegalArgumentException("tauPerSetting needs labelled validation utterances in setting '" + setting
                    + "', but its valid split is empty");
        }
        Map<String, Model<Label>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Model<Label>> e : models.entrySet()) {
            Model<Label> m = e.getValue();
            SystemSpec system = experiment.system(e.getKey());
            if (m instanceof CiderModel cider && cider.isDebiasing() && tunesTau(system)) {
                TauDebiaser.Selection s = cider.selectTau(valid, maxTau(system));
                CiderModel tuned = cider.withTau(s.tau());
                opened.add(tuned);
                m = tuned;
                String before = notes.getOrDefault(e.getKey(), "");
                notes.put(e.getKey(), (before.isEmpty() ? "" : before + ", ") + String.format(Locale.ROOT,
                        "tau %.1f chosen on the %s valid split (headline %.4f, %.4f at tau 0)", s.tau(), setting, s.score(), s.scores()[0]));
                say(trial, String.format(Locale.ROOT, "%s: tau %.1f chosen on the %s valid split (%d utterances)",
                        e.getKey(), s.tau(), setting, valid.size()));
            }
            out.put(e.getKey(), m);
        }
        return out;
    }

    /** Whether a system chooses tau: CIDer trained with maxTau > 0, a loaded model, or a debiasing variant of one of them. */
    private boolean tunesTau(SystemSpec system) {
        if (system.variantOf() != null) {
            return system.debias() && tunesTau(experiment.system(system.variantOf()));
        }
        return maxTau(system) > 0;
    }

    private double maxTau(SystemSpec system) {
        if (system.variantOf() != null) {
            return maxTau(experiment.system(system.variantOf()));
        }
        if (system.trainer() instanceof CiderTrainer cider) {
            return cider.getMaxTau();
        }
        return system.modelPath() != null ? TauSelector.DEFAULT_MAX_TAU : 0.0;
    }

    private void sweepAll(List<ComparisonRow> rows, Trial trial, String corpusName, MultimodalSplits splits, Map<String, Model<Label>> models) {
        List<MultimodalExample> test = splits.examples(DataSplit.TEST);
        for (MissingPattern pattern : experiment.patterns()) {
            if (pattern.needsAlignedData() && !splits.layout().aligned()) {
                say(trial, "skipping " + pattern.name() + ": it needs aligned data");
                continue;
            }
            String setting = experiment.patterns().size() == 1 ? corpusName : corpusName + " " + pattern.name();
            for (long maskSeed : experiment.maskSeeds()) {
                MissingRateSweep sweep = new MissingRateSweep(pattern, experiment.rates(), maskSeed);
                for (Map.Entry<String, Model<Label>> m : models.entrySet()) {
                    say(trial, String.format(Locale.ROOT, "sweeping %s with %s (mask seed %d) on %d %s test utterances",
                            m.getKey(), pattern.name(), maskSeed, test.size(), corpusName));
                    rows.add(new ComparisonRow(setting, sweep.run(m.getKey(), trial.trainingSeed(), m.getValue(), test, splits.task(),
                            splits.provenance(DataSplit.TEST), null)));
                }
            }
        }
        // the encoded counterfactual texts of this test split are not needed any more
        for (Model<Label> m : models.values()) {
            if (m instanceof CiderModel cider) {
                cider.clearCounterfactualCache();
            }
        }
    }

    private void say(Trial trial, String line) {
        progress.accept("   [" + trial.label() + "] " + line);
    }

    @SuppressWarnings("unchecked")
    private static Model<Label> loadModel(Path path) throws IOException {
        Model<?> m = Model.deserializeFromFile(path);
        if (!(m.getOutputIDInfo().getDomain().iterator().next() instanceof Label)) {
            throw new IOException("Model " + path + " is not a classification model");
        }
        return (Model<Label>) m;
    }
}
