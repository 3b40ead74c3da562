package dev.cider.eval.baseline;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.util.Map;

/**
 * A trainer that rewrites the training data (selects features, derives features, reweights examples) and hands it to
 * another Tribuo classification trainer, optionally wrapping the model that comes back. The subclasses say only how the
 * data is rewritten and the model wrapped; the invocation count (the state of the inner trainer's RNG) and the
 * provenance are kept here, the same way for all of them.
 */
public abstract class DatasetRewritingTrainer implements Trainer<Label> {

    @Config(mandatory = true, description = "The trainer of the rewritten training data.")
    private Trainer<Label> innerTrainer;

    private int invocationCount = 0;

    /**
     * For OLCUT.
     */
    protected DatasetRewritingTrainer() {
    }

    /**
     * Creates a trainer.
     * @param innerTrainer The trainer of the rewritten data.
     */
    protected DatasetRewritingTrainer(Trainer<Label> innerTrainer) {
        this.innerTrainer = innerTrainer;
    }

    @Override
    public void postConfig() {
        if (innerTrainer == null) {
            throw new PropertyException("", "innerTrainer", "a trainer of the rewritten training data is required");
        }
    }

    /** @return The trainer of the rewritten data. */
    protected Trainer<Label> innerTrainer() {
        return innerTrainer;
    }

    /**
     * Rewrites the training data.
     * @param examples The training data.
     * @return What the inner trainer sees.
     * @throws IllegalArgumentException if the data cannot be rewritten (the message says why).
     */
    protected abstract Dataset<Label> rewrite(Dataset<Label> examples);

    /**
     * Wraps the inner trainer's model (by default, returns it as it is).
     * @param model The model of the rewritten data.
     * @return The model to return.
     */
    protected Model<Label> wrap(Model<Label> model) {
        return model;
    }

    @Override
    public Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public synchronized Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        Dataset<Label> rewritten = rewrite(examples);
        if (invocationCount != INCREMENT_INVOCATION_COUNT) {
            setInvocationCount(invocationCount);
        }
        this.invocationCount++;
        return wrap(innerTrainer.train(rewritten, runProvenance, INCREMENT_INVOCATION_COUNT));
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
}
