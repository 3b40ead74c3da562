package dev.cider.eval.baseline;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains another Tribuo classification trainer with every class given the same total weight: each example's weight is
 * multiplied by {@code n / (K * n_c)} (n examples, K classes, n_c examples of its class), so a corpus where one class
 * is rare (21% neutral, or 4% as in CMU-MOSI) does not teach a linear model to ignore it. Tribuo's SGD trainers and
 * trees honour example weights. The dataset the inner trainer sees records the original data provenance.
 */
public final class ClassBalancedTrainer extends DatasetRewritingTrainer {

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
        super(innerTrainer);
        postConfig();
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
    protected Dataset<Label> rewrite(Dataset<Label> examples) {
        Map<String, Double> factors = classFactors(examples);
        MutableDataset<Label> weighted = new MutableDataset<>(examples.getProvenance(), examples.getOutputFactory());
        for (Example<Label> ex : examples) {
            Example<Label> copy = ex.copy();
            copy.setWeight((float) (ex.getWeight() * factors.get(ex.getOutput().getLabel())));
            weighted.add(copy);
        }
        return weighted;
    }

    @Override
    public String toString() {
        return "ClassBalancedTrainer(" + innerTrainer() + ")";
    }
}
