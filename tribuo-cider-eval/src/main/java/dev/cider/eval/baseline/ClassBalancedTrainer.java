package dev.cider.eval.baseline;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains another Tribuo classification trainer with every class given the same total weight: each example's weight is
 * multiplied by {@code n / (K * n_c)} (n examples, K classes, n_c examples of its class), so a corpus where one class
 * is rare (21% neutral, or 4% as in CMU-MOSI) does not teach a linear model to ignore it. Tribuo's SGD trainers and
 * trees honour example weights. The dataset the inner trainer sees records the original data provenance.
 */
public final class ClassBalancedTrainer implements Trainer<Label> {

    @Config(mandatory = true, description = "The trainer given the class-balanced example weights.")
    private Trainer<Label> innerTrainer;

    private int invocationCount = 0;

    /**
     * For OLCUT.
     */
    private ClassBalancedTrainer() {
    }

    /**
     * Creates a trainer.
     * @param innerTrainer The trainer given the balanced weights.
     */
    public ClassBalancedTrainer(Trainer<Label> innerTrainer) {
        this.innerTrainer = innerTrainer;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (innerTrainer == null) {
            throw new PropertyException("", "innerTrainer", "a trainer to give the balanced weights to is required");
        }
    }

    /**
     * The weight factor of each class: {@code n / (K * n_c)}, summed example weights in place of counts.
     * @param examples The training data.
     * @return Label name to factor.
     * @throws IllegalArgumentException if the data is empty.
     */
    public static Map<String, Double> classFactors(Dataset<Label> examples) {
        Map<String, Double> totals = new LinkedHashMap<>();
        double all = 0;
        for (Example<Label> ex : examples) {
            totals.merge(ex.getOutput().getLabel(), (double) ex.getWeight(), Double::sum);
            all += ex.getWeight();
        }
        if (totals.isEmpty() || all <= 0) {
            throw new IllegalArgumentException("Cannot balance the classes of an empty training set (" + examples.getSourceDescription() + ")");
        }
        Map<String, Double> factors = new LinkedHashMap<>();
        int k = totals.size();
        for (Map.Entry<String, Double> e : totals.entrySet()) {
            factors.put(e.getKey(), all / (k * e.getValue()));
        }
        return factors;
    }

    @Override
    public Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public synchronized Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        Map<String, Double> factors = classFactors(examples);
        MutableDataset<Label> weighted = new MutableDataset<>(examples.getProvenance(), examples.getOutputFactory());
        for (Example<Label> ex : examples) {
            Example<Label> copy = ex.copy();
            copy.setWeight((float) (ex.getWeight() * factors.get(ex.getOutput().getLabel())));
            weighted.add(copy);
        }
        if (invocationCount != INCREMENT_INVOCATION_COUNT) {
            setInvocationCount(invocationCount);
        }
        this.invocationCount++;
        return innerTrainer.train(weighted, runProvenance, INCREMENT_INVOCATION_COUNT);
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
        innerTrainer.setInvocationCount(invocationCount);
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "ClassBalancedTrainer(" + innerTrainer + ")";
    }
}
