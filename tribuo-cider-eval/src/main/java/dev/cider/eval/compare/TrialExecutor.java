package dev.cider.eval.compare;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.eval.baseline.ValidationSelectedTrainer;
import dev.cider.eval.report.ComparisonRow;
import dev.cider.eval.sweep.MissingRateSweep;
import dev.cider.maci.TauDebiaser;
import dev.cider.maci.TauSelector;
import dev.cider.missing.MissingPattern;
import dev.cider.model.CiderModel;
import dev.cider.model.FeatureDomainCheck;
import dev.cider.model.ModelFiles;
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
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Runs one {@link Trial} of a {@link ComparisonExperiment} in this process: trains (or loads) the trial's system with
 * its training seed on each setting whose training data differs, derives its variants, chooses tau per setting where
 * the experiment asks for it, and sweeps every model with every pattern and mask seed on each setting's test split (and
 * on each cross-dataset corpus's, with the models trained on the first setting). An experiment whose
 * {@link ComparisonExperiment#evaluationSplit()} is VALID (a hyper-parameter search's rounds) sweeps the valid splits
 * instead and never touches a test split; the epoch and tau are then chosen on the same valid split that is scored.
 * Thread-safe: trials may run side by side, each with its own trainer copy.
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
                    Model<Label> obtained = obtain(system, trainer, trial, corpus);
                    opened.add(obtained);
                    base = withDebiasOverride(trial, system, obtained);
                    if (base != obtained) {
                        opened.add(base);
                    }
                    modelsByTrainingData.put(corpus.trainingKey(), base);
                    trainedOn.put(corpus.trainingKey(), corpus.setting());
                } else {
                    say(trial, corpus.setting() + ": same training data as " + trainedOn.get(corpus.trainingKey()) + ", reusing its model");
                }
                Map<String, Model<Label>> models = withVariants(trial, base, opened);
                if (notes.isEmpty()) {
                    for (Map.Entry<String, Model<Label>> m : models.entrySet()) {
                        String note = "";
                        if (m.getValue() instanceof CiderModel cider && tunesTau(experiment.system(m.getKey()), cider)) {
                            note = system.modelPath() != null
                                    ? String.format(Locale.ROOT, "tau %.1f as saved", cider.getTau())
                                    : String.format(Locale.ROOT, "tau %.1f chosen on the %s valid split", cider.getTau(), corpus.setting());
                        } else if (m.getValue() instanceof CiderModel cider && system.modelPath() != null && !cider.isDebiasing()) {
                            note = "not debiased";
                        }
                        notes.put(m.getKey(), note);
                    }
                }
                boolean ownValid = corpus.setting().equals(trainedOn.get(corpus.trainingKey()));
                sweepAll(rows, trial, corpus.setting(), corpus.splits(), ownValid ? models
                        : tauForSetting(trial, corpus.setting(), corpus.splits(), models, notes, opened));
                if (corpus == corpora.settings().get(0)) {
                    for (ExperimentCorpora.Corpus cross : corpora.crossCorpora()) {
                        say(trial, String.format(Locale.ROOT, "%s: models trained on %s tested on %d test utterances%s", cross.setting(),
                                corpus.setting(), cross.splits().test().size(), cross.adaptation().isEmpty() ? "" : ", " + cross.adaptation()));
                        sweepAll(rows, trial, cross.setting(), cross.splits(),
                                tauForSetting(trial, cross.setting(), cross.splits(), models, notes, opened));
                    }
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
                return ModelFiles.readClassifier(system.modelPath());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not load the model of system '" + system.name() + "': " + e.getMessage(), e);
            }
        }
        MultimodalSplits splits = corpus.splits();
        long t0 = System.nanoTime();
        say(trial, "training on " + corpus.setting() + " (" + splits.train().size() + " utterances)");
        // CIDer records the numerics environment itself; any other trainer gets it as run provenance, so every model says
        // what moved its numbers (processor, kernels, threads, allocator, numerics mode). The engine is loaded first, so the
        // record does not depend on whether a CIDer trial happened to run before in this process.
        Model<Label> model;
        if (trainer instanceof CiderTrainer cider) {
            model = cider.train(splits);
        } else if (trainer instanceof ValidationSelectedTrainer selected) {
            model = selected.train(splits.train(), splits.valid(), NumericsEnvironment.currentWithEngine().toProvenance());
            say(trial, "chose " + ValidationSelectedTrainer.choiceOf(model).orElse("?"));
        } else {
            model = trainer.train(splits.train(), NumericsEnvironment.currentWithEngine().toProvenance());
        }
        say(trial, String.format(Locale.ROOT, "trained in %.1f s", (System.nanoTime() - t0) / 1e9));
        return model;
    }

    /** A CIDer model with the system's debiasing override applied (the model itself when there is none or it agrees). */
    private Model<Label> withDebiasOverride(Trial trial, SystemSpec system, Model<Label> model) {
        Optional<Boolean> debias = system.debiasOverride();
        if (model instanceof CiderModel cider && debias.isPresent() && debias.get() != cider.isDebiasing()) {
            say(trial, "counterfactual debiasing switched " + (debias.get() ? "on" : "off") + " as configured");
            return cider.withDebiasing(debias.get());
        }
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
            if (m instanceof CiderModel cider && tunesTau(system, cider)) {
                TauDebiaser.Selection s = cider.selectTau(valid, maxTau(system, cider));
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

    /** Whether a CIDer model chooses tau again per setting: it debiases and its system's tau range is not empty. */
    private boolean tunesTau(SystemSpec system, CiderModel model) {
        return model.isDebiasing() && maxTau(system, model) > 0;
    }

    /*
     * The largest tau of a per-setting choice: the system's override (a variant's own, else its base system's), else the
     * maxTau of the trainer that trained the model, as configured or, for a loaded model, as its provenance records it
     * (a model whose provenance records none and that debiases gets the default range).
     */
    private double maxTau(SystemSpec system, CiderModel model) {
        OptionalDouble configured = system.maxTauOverride();
        if (configured.isPresent()) {
            return configured.getAsDouble();
        }
        if (system.variantOf() != null) {
            return maxTau(experiment.system(system.variantOf()), model);
        }
        if (system.trainer() instanceof CiderTrainer cider) {
            return cider.getMaxTau();
        }
        return model.getTrainedMaxTau().orElse(model.isDebiasing() ? TauSelector.DEFAULT_MAX_TAU : 0.0);
    }

    private void sweepAll(List<ComparisonRow> rows, Trial trial, String corpusName, MultimodalSplits splits, Map<String, Model<Label>> models) {
        DataSplit scored = experiment.evaluationSplit();
        String split = scored.canonicalName();
        List<MultimodalExample> test = splits.examples(scored);
        for (MissingPattern pattern : experiment.patterns()) {
            if (pattern.needsAlignedData() && !splits.layout().aligned()) {
                say(trial, "skipping " + pattern.name() + ": it needs aligned data");
                continue;
            }
            String setting = experiment.patterns().size() == 1 ? corpusName : corpusName + " " + pattern.name();
            for (long maskSeed : experiment.maskSeeds()) {
                MissingRateSweep sweep = new MissingRateSweep(pattern, experiment.rates(), maskSeed);
                for (Map.Entry<String, Model<Label>> m : models.entrySet()) {
                    FeatureDomainCheck.check(m.getValue(), "System '" + m.getKey() + "'", test, "'" + corpusName + "' (" + split + " split)");
                    say(trial, String.format(Locale.ROOT, "sweeping %s with %s (mask seed %d) on %d %s %s utterances",
                            m.getKey(), pattern.name(), maskSeed, test.size(), corpusName, split));
                    rows.add(new ComparisonRow(setting, sweep.run(m.getKey(), trial.trainingSeed(), m.getValue(), test, splits.task(),
                            splits.provenance(scored), null)));
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
}
