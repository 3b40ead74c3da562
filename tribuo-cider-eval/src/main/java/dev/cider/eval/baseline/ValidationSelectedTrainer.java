package dev.cider.eval.baseline;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Chooses one of several candidate trainers (e.g. one baseline at a few learning rates, with and without class
 * balancing) on a validation split and returns the chosen candidate's model, so a baseline adapts to the corpus it is
 * trained on instead of keeping hyper-parameters tuned on another one. Every candidate is trained on the training data
 * and scored on the validation data with the {@link SelectionMetric}; the first best wins. Test data never takes part.
 * <p>
 * A comparison calls {@link #train(Dataset, Dataset, Map)} with the corpus's own valid split. Called as a plain Tribuo
 * trainer ({@link #train(Dataset, Map)}) it holds out a class-stratified, seeded {@code heldOutFraction} of the training
 * data for the choice and then trains the chosen candidate on all of it. The chosen candidate is trained once more from
 * the RNG state it was scored with, so the returned model is the one that was scored and its run provenance records
 * every candidate's validation score and the choice ({@value #CHOICE_KEY}); its trainer provenance is the candidate's.
 */
public final class ValidationSelectedTrainer implements Trainer<Label> {

    /** The run-provenance key of the choice. */
    public static final String CHOICE_KEY = "validation-selection";

    @Config(mandatory = true, description = "The candidate trainers, in order of preference on ties.")
    private List<Trainer<Label>> candidates;

    @Config(description = "What the choice maximises on the validation data.")
    private SelectionMetric metric = SelectionMetric.BALANCED_ACCURACY;

    @Config(description = "Without a validation split: the fraction of the training data held out for the choice (class-stratified).")
    private double heldOutFraction = 0.2;

    @Config(description = "Seed of the held-out sample (used only without a validation split).")
    private long seed = 12345L;

    private int invocationCount = 0;

    /**
     * For OLCUT.
     */
    private ValidationSelectedTrainer() {
    }

    /**
     * Creates a trainer.
     * @param candidates The candidates (at least one).
     * @param metric What the choice maximises.
     * @param heldOutFraction The held-out fraction used without a validation split, in (0, 1).
     * @param seed The seed of the held-out sample.
     */
    public ValidationSelectedTrainer(List<Trainer<Label>> candidates, SelectionMetric metric, double heldOutFraction, long seed) {
        this.candidates = new ArrayList<>(candidates);
        this.metric = metric;
        this.heldOutFraction = heldOutFraction;
        this.seed = seed;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (candidates == null || candidates.isEmpty()) {
            throw new PropertyException("", "candidates", "at least one candidate trainer is required");
        }
        if (metric == null) {
            throw new PropertyException("", "metric", "a selection metric is required");
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new PropertyException("", "heldOutFraction", "heldOutFraction must lie in (0, 1), found " + heldOutFraction);
        }
    }

    /** @return The candidates. */
    public List<Trainer<Label>> candidates() {
        return Collections.unmodifiableList(candidates);
    }

    /**
     * Trains every candidate on the training data, chooses on the validation data, returns the chosen model.
     * @param train The training data.
     * @param valid The validation data (labelled, not empty).
     * @param runProvenance Run provenance for the model (the choice is added to it).
     * @return The chosen candidate's model.
     * @throws IllegalArgumentException if the validation data is empty.
     */
    public synchronized Model<Label> train(Dataset<Label> train, Dataset<Label> valid, Map<String, Provenance> runProvenance) {
        invocationCount++;
        Choice c = choose(train, valid);
        return retrain(c, train, runProvenance, c.description());
    }

    @Override
    public Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public synchronized Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        if (invocationCount != INCREMENT_INVOCATION_COUNT) {
            setInvocationCount(invocationCount);
        }
        MutableDataset<Label> fit = new MutableDataset<>(examples.getProvenance(), examples.getOutputFactory());
        MutableDataset<Label> heldOut = new MutableDataset<>(examples.getProvenance(), examples.getOutputFactory());
        Map<String, List<Example<Label>>> byClass = new LinkedHashMap<>();
        for (Example<Label> ex : examples) {
            byClass.computeIfAbsent(ex.getOutput().getLabel(), k -> new ArrayList<>()).add(ex);
        }
        SplittableRandom rng = new SplittableRandom(seed + this.invocationCount);
        for (List<Example<Label>> members : byClass.values()) {
            List<Example<Label>> shuffled = new ArrayList<>(members);
            for (int i = shuffled.size() - 1; i > 0; i--) {
                Collections.swap(shuffled, i, rng.nextInt(i + 1));
            }
            int held = (int) Math.round(heldOutFraction * shuffled.size());
            for (int i = 0; i < shuffled.size(); i++) {
                (i < held ? heldOut : fit).add(shuffled.get(i));
            }
        }
        if (heldOut.size() == 0 || fit.size() == 0) {
            throw new IllegalArgumentException("Too few training examples (" + examples.size() + ") to hold out "
                    + heldOutFraction + " of them for choosing a baseline candidate");
        }
        this.invocationCount++;
        Choice c = choose(fit, heldOut);
        return retrain(c, examples, runProvenance, c.description() + " (held out " + heldOutFraction
                + " of the training data; the chosen candidate retrained on all of it)");
    }

    /** The chosen candidate, the state of its RNG before it was trained for the choice, and a description of the choice. */
    private record Choice(int index, int invocationCount, String description) {
    }

    private Choice choose(Dataset<Label> train, Dataset<Label> valid) {
        if (valid.size() == 0) {
            throw new IllegalArgumentException("Choosing among " + candidates.size() + " baseline candidates needs validation data,"
                    + " but the validation split of " + train.getSourceDescription() + " is empty");
        }
        LabelEvaluator evaluator = new LabelEvaluator();
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestIndex = -1;
        int bestCount = 0;
        List<String> scores = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Trainer<Label> candidate = candidates.get(i);
            int count = candidate.getInvocationCount();
            double score = metric.of(evaluator.evaluate(candidate.train(train, Map.of()), valid));
            scores.add(String.format(Locale.ROOT, "%d:%.4f", i, score));
            if (score > bestScore) {
                bestScore = score;
                bestIndex = i;
                bestCount = count;
            }
        }
        if (bestIndex < 0) {
            throw new IllegalStateException("No candidate produced a finite " + metric + " on the validation data");
        }
        return new Choice(bestIndex, bestCount, String.format(Locale.ROOT,
                "candidate %d of %d (%s), %s %.4f on %d validation examples; scores %s", bestIndex, candidates.size(),
                candidates.get(bestIndex), metric, bestScore, valid.size(), String.join(" ", scores)));
    }

    /** Trains the chosen candidate again from the RNG state it was scored with, recording the choice in the run provenance. */
    private Model<Label> retrain(Choice c, Dataset<Label> data, Map<String, Provenance> runProvenance, String description) {
        Map<String, Provenance> run = new HashMap<>(runProvenance);
        run.put(CHOICE_KEY, new StringProvenance(CHOICE_KEY, description));
        return candidates.get(c.index()).train(data, run, c.invocationCount());
    }

    /**
     * The choice recorded in a model's run provenance.
     * @param model A model made by this trainer (or any model).
     * @return The description of the choice, empty if the model has none.
     */
    public static Optional<String> choiceOf(Model<?> model) {
        return choiceOf(model.getProvenance());
    }

    /**
     * The choice recorded in a model provenance's run provenance.
     * @param provenance A model's provenance.
     * @return The description of the choice, empty if it has none.
     */
    public static Optional<String> choiceOf(ModelProvenance provenance) {
        Provenance p = provenance.getInstanceProvenance().getMap().get(CHOICE_KEY);
        return p instanceof StringProvenance s ? Optional.of(s.getValue()) : Optional.empty();
    }

    @Override
    public int getInvocationCount() {
        return invocationCount;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException("The invocation count must be non-negative, found " + invocationCount);
        }
        this.invocationCount = invocationCount;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "ValidationSelectedTrainer(" + metric + ", " + candidates + ")";
    }
}
