package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;
import dev.cider.data.LayoutAdapter;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Another data source's utterances brought to a target layout by a {@link LayoutAdapter} (time steps padded or
 * truncated, feature dimensions unchanged), for testing a model on a corpus whose sequence lengths differ from those it
 * was trained on. The provenance records the inner source, the target layout and what was done to the split
 * ({@value #ADAPTATION_PROVENANCE}, e.g. "text truncated 75 -> 50 steps (12 utterances lost valid steps, last token
 * kept), of 686 utterances").
 */
public final class LayoutAdaptedSource extends AbstractMultimodalSource {

    /** The provenance key of the description of what was done. */
    public static final String ADAPTATION_PROVENANCE = "layout-adaptation";

    @Config(mandatory = true, description = "The data source whose utterances are adapted (any split of it).")
    private MultimodalSource source;

    @Config(mandatory = true, description = "Target padded number of token positions T_l.")
    private int textSteps;

    @Config(description = "Target token-feature dimension d_l: 0 drops token features, otherwise it must equal the source's.")
    private int textFeatureDim;

    @Config(mandatory = true, description = "Target padded number of audio steps T_a.")
    private int audioSteps;

    @Config(mandatory = true, description = "Audio feature dimension d_a (must equal the source's).")
    private int audioDim;

    @Config(mandatory = true, description = "Target padded number of vision steps T_v.")
    private int visionSteps;

    @Config(mandatory = true, description = "Vision feature dimension d_v (must equal the source's).")
    private int visionDim;

    private LayoutAdapter.Adaptation adaptation;

    private LayoutAdaptedSource() {
    }

    /**
     * Creates an adapted source.
     * @param source The inner source (any of its splits).
     * @param target The layout to adapt to.
     * @param split The split to read.
     */
    public LayoutAdaptedSource(MultimodalSource source, DataLayout target, DataSplit split) {
        super(split, source.getTask());
        this.source = Objects.requireNonNull(source, "source");
        this.textSteps = target.textSteps();
        this.textFeatureDim = target.textFeatureDim();
        this.audioSteps = target.audioSteps();
        this.audioDim = target.audioDim();
        this.visionSteps = target.visionSteps();
        this.visionDim = target.visionDim();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        try {
            target();
        } catch (IllegalArgumentException e) {
            throw new PropertyException(e, "", "textSteps", e.getMessage());
        }
        if (source.getTask() != task) {
            throw new PropertyException("", "task", "task " + task + " differs from the inner source's task " + source.getTask());
        }
    }

    /** @return The layout the utterances are adapted to. */
    public DataLayout target() {
        return new DataLayout(textSteps, textFeatureDim, audioSteps, audioDim, visionSteps, visionDim);
    }

    /** @return The wrapped source. */
    public MultimodalSource inner() {
        return source;
    }

    @Override
    public SentimentTask getTask() {
        return source.getTask();
    }

    /**
     * What was done to this split's utterances (loads them if needed).
     * @return The adaptation.
     */
    public synchronized LayoutAdapter.Adaptation adaptation() {
        examples();
        return adaptation;
    }

    @Override
    protected synchronized List<MultimodalExample> loadExamples() {
        MultimodalSource inner = source.forSplit(getSplit());
        adaptation = new LayoutAdapter(target()).adapt(inner.examples(), inner.toString());
        return adaptation.examples();
    }

    @Override
    protected AbstractMultimodalSource copyForSplit(DataSplit split) {
        return new LayoutAdaptedSource(source, target(), split);
    }

    @Override
    protected Map<String, Path> sourceFiles() {
        return Map.of();
    }

    @Override
    protected Map<String, String> derivedProvenance() {
        return Map.of(ADAPTATION_PROVENANCE, adaptation().describe());
    }

    @Override
    protected String syntheticModalities() {
        return syntheticModalitiesOf(source);
    }

    @Override
    protected String describeSource() {
        return "LayoutAdaptedSource(" + source + " -> " + target().describe() + ", " + getSplit().canonicalName() + ")";
    }
}
