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
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.Map;

/**
 * Trains a Tribuo classification trainer on the modalities' valid lengths only ({@link ValidLengths}) and returns a
 * {@link LengthsOnlyModel} that predicts multimodal examples from their lengths. A comparison adds it as the
 * "lengths only" reference line: under feature-dropping missing patterns the valid lengths stay, and on real corpora
 * they carry label signal (on CMU-MOSI, longer utterances lean positive), so a system that only matches this line has
 * learned nothing from the content.
 */
public final class LengthsOnlyTrainer implements Trainer<Label> {

    @Config(mandatory = true, description = "The trainer of the three length features (e.g. a random forest or a logistic regression).")
    private Trainer<Label> innerTrainer;

    private int invocationCount = 0;

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
        this.innerTrainer = innerTrainer;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (innerTrainer == null) {
            throw new PropertyException("", "innerTrainer", "a trainer of the length features is required");
        }
    }

    @Override
    public Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public synchronized Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        MutableDataset<Label> lengths = new MutableDataset<>(new SimpleDataSourceProvenance(
                "valid lengths of " + examples.getSourceDescription(), examples.getOutputFactory()), examples.getOutputFactory());
        for (Example<Label> ex : examples) {
            lengths.add(ValidLengths.of(ex));
        }
        if (invocationCount != INCREMENT_INVOCATION_COUNT) {
            setInvocationCount(invocationCount);
        }
        this.invocationCount++;
        return new LengthsOnlyModel(innerTrainer.train(lengths, runProvenance, INCREMENT_INVOCATION_COUNT));
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
        return "LengthsOnlyTrainer(" + innerTrainer + ")";
    }
}
