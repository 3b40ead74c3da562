package dev.cider.eval.baseline;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.SimpleDataSourceProvenance;


/**
 * Trains a Tribuo classification trainer on the modalities' valid lengths only ({@link ValidLengths}) and returns a
 * {@link LengthsOnlyModel} that predicts multimodal examples from their lengths. A comparison adds it as the
 * "lengths only" reference line: under feature-dropping missing patterns the valid lengths stay, and on real corpora
 * they carry label signal (on CMU-MOSI, longer utterances lean positive), so a system that only matches this line has
 * learned nothing from the content.
 */
public final class LengthsOnlyTrainer extends DatasetRewritingTrainer {

    /**
     * For OLCUT.
     */
    private LengthsOnlyTrainer() {
    }

    /**
     * Creates a trainer.
     * @param innerTrainer The trainer of the length features.
     */
    public LengthsOnlyTrainer(Trainer<Label> innerTrainer) {
        super(innerTrainer);
        postConfig();
    }

    @Override
    protected Dataset<Label> rewrite(Dataset<Label> examples) {
        MutableDataset<Label> lengths = new MutableDataset<>(new SimpleDataSourceProvenance(
                "valid lengths of " + examples.getSourceDescription(), examples.getOutputFactory()), examples.getOutputFactory());
        for (Example<Label> ex : examples) {
            lengths.add(ValidLengths.of(ex));
        }
        return lengths;
    }

    @Override
    protected Model<Label> wrap(Model<Label> model) {
        return new LengthsOnlyModel(model);
    }

    @Override
    public String toString() {
        return "LengthsOnlyTrainer(" + innerTrainer() + ")";
    }
}
