package dev.cider.eval.baseline;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;

/**
 * Trains another Tribuo classification trainer on the pooled features whose names start with one of the given
 * prefixes, e.g. {@code text.} for a text-only baseline on the mean-pooled token features of a pretrained encoder.
 * The model it returns sees only those features at training time and so ignores all others at prediction time
 * (Tribuo drops features outside a model's domain), which makes it a single-modality model on multimodal examples.
 */
public final class FeaturePrefixTrainer extends DatasetRewritingTrainer {

    @Config(mandatory = true, description = "The feature name prefixes to keep, e.g. text. for the text features.")
    private List<String> prefixes;

    /**
     * For OLCUT.
     */
    private FeaturePrefixTrainer() {
    }

    /**
     * Creates a trainer.
     * @param innerTrainer The trainer of the selected features.
     * @param prefixes The prefixes to keep.
     */
    public FeaturePrefixTrainer(Trainer<Label> innerTrainer, List<String> prefixes) {
        super(innerTrainer);
        this.prefixes = new ArrayList<>(prefixes);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (prefixes == null || prefixes.isEmpty()) {
            throw new PropertyException("", "prefixes", "at least one feature name prefix is required");
        }
    }

    private boolean kept(String name) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Dataset<Label> rewrite(Dataset<Label> examples) {
        MutableDataset<Label> selected = new MutableDataset<>(new SimpleDataSourceProvenance(
                "features starting with " + prefixes + " of " + examples.getSourceDescription(), examples.getOutputFactory()),
                examples.getOutputFactory());
        for (Example<Label> ex : examples) {
            ArrayExample<Label> copy = new ArrayExample<>(ex.getOutput(), ex.getWeight());
            for (Feature f : ex) {
                if (kept(f.getName())) {
                    copy.add(f.getName(), f.getValue());
                }
            }
            if (copy.size() == 0) {
                throw new IllegalArgumentException("An example has no feature starting with " + prefixes
                        + " (are the token features attached? use EncodedTextSource or --text-encoder)");
            }
            selected.add(copy);
        }
        return selected;
    }

    @Override
    public String toString() {
        return "FeaturePrefixTrainer(" + prefixes + ", " + innerTrainer() + ")";
    }
}
