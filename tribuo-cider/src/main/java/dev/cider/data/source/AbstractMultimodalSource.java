package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.cider.data.DataSplit;
import dev.cider.data.ExampleValidator;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.DataSourceProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shared machinery of the multimodal data sources: the split and task configuration, loading once,
 * validation, iteration and provenance (every {@code @Config} field plus the SHA-256 of every file read).
 * <p>
 * Subclasses implement {@link #loadExamples()}, {@link #copyForSplit(DataSplit)} and name the files they read
 * in {@link #sourceFiles()}.
 */
public abstract class AbstractMultimodalSource implements MultimodalSource {

    private static final LabelFactory LABEL_FACTORY = new LabelFactory();

    @Config(description = "The split to read: train, valid (also dev, validation) or test.")
    protected String split = "train";

    @Config(description = "The classification task the labels are made for: BINARY (negative/neutral/positive) or SEVEN.")
    protected SentimentTask task = SentimentTask.BINARY;

    private DataSplit parsedSplit = DataSplit.TRAIN;
    private List<MultimodalExample> examples;
    private MultimodalSourceProvenance provenance;

    /**
     * For OLCUT.
     */
    protected AbstractMultimodalSource() {
    }

    /**
     * Creates a source for a split and task.
     * @param split The split.
     * @param task The task.
     */
    protected AbstractMultimodalSource(DataSplit split, SentimentTask task) {
        this.split = split.canonicalName();
        this.task = task;
        this.parsedSplit = split;
    }

    /**
     * Used by the OLCUT configuration system; subclasses that override it must call it.
     */
    @Override
    public void postConfig() {
        try {
            parsedSplit = DataSplit.parse(split);
        } catch (IllegalArgumentException e) {
            throw new PropertyException(e, "", "split", e.getMessage());
        }
        if (task == null) {
            throw new PropertyException("", "task", "task must be BINARY or SEVEN");
        }
    }

    /**
     * Reads or generates the examples of this source's split. Called once.
     * @return The examples.
     * @throws IllegalArgumentException or an unchecked I/O exception with a clear message on bad input.
     */
    protected abstract List<MultimodalExample> loadExamples();

    /**
     * A source with the same configuration for another split.
     * @param split The split.
     * @return The new source.
     */
    protected abstract AbstractMultimodalSource copyForSplit(DataSplit split);

    /**
     * The files this source reads, hashed into its provenance, by a short name.
     * @return Name to path; empty for generated data.
     */
    protected abstract Map<String, Path> sourceFiles();

    /**
     * Which modalities are generated rather than read, for the provenance ("none" if all are read).
     * @return A description such as "audio,vision".
     */
    protected abstract String syntheticModalities();

    /**
     * The number of examples recorded in the provenance. Loads the examples unless a subclass knows the count
     * without loading (a generator does).
     * @return The number of examples of this split.
     */
    protected int numExamples() {
        return examples().size();
    }

    /**
     * The synthetic-modalities entry of another source's provenance (for sources that wrap one).
     * @param inner The wrapped source.
     * @return Its entry, or "unknown" when it records none.
     */
    protected static String syntheticModalitiesOf(MultimodalSource inner) {
        if (inner.getProvenance() instanceof com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance) {
            PrimitiveProvenance<?> value = ((com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance) inner.getProvenance())
                    .getInstanceValues().get(MultimodalSourceProvenance.SYNTHETIC_MODALITIES);
            if (value != null) {
                return String.valueOf(value.getValue());
            }
        }
        return "unknown";
    }

    /**
     * Further facts about the data this source produced, recorded in its provenance as strings (e.g. how a wrapped
     * corpus was transformed). Called after the examples are loaded.
     * @return Provenance key to value; empty by default.
     */
    protected Map<String, String> derivedProvenance() {
        return Map.of();
    }

    /**
     * A human-readable name for error messages.
     * @return The name.
     */
    protected String describeSource() {
        return getClass().getSimpleName() + "(" + split + ")";
    }

    @Override
    public DataSplit getSplit() {
        return parsedSplit;
    }

    @Override
    public SentimentTask getTask() {
        return task;
    }

    @Override
    public MultimodalSource forSplit(DataSplit other) {
        return other == parsedSplit ? this : copyForSplit(other);
    }

    @Override
    public synchronized List<MultimodalExample> examples() {
        if (examples == null) {
            List<MultimodalExample> loaded = loadExamples();
            ExampleValidator.validate(loaded, describeSource());
            examples = Collections.unmodifiableList(new ArrayList<>(loaded));
        }
        return examples;
    }

    @Override
    public Iterator<Example<Label>> iterator() {
        List<Example<Label>> list = new ArrayList<>(examples());
        return list.iterator();
    }

    @Override
    public OutputFactory<Label> getOutputFactory() {
        return LABEL_FACTORY;
    }

    @Override
    public synchronized DataSourceProvenance getProvenance() {
        if (provenance == null) {
            Map<String, PrimitiveProvenance<?>> instance = new HashMap<>();
            for (Map.Entry<String, Path> e : new TreeMap<>(sourceFiles()).entrySet()) {
                Path p = e.getValue();
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException(describeSource() + ": file " + p + " does not exist");
                }
                String key = MultimodalSourceProvenance.FILE_HASH_PREFIX + e.getKey();
                instance.put(key, new HashProvenance(DataSourceProvenance.DEFAULT_HASH_TYPE, key,
                        ProvenanceUtil.hashResource(DataSourceProvenance.DEFAULT_HASH_TYPE, p)));
            }
            instance.put(MultimodalSourceProvenance.SYNTHETIC_MODALITIES,
                    new StringProvenance(MultimodalSourceProvenance.SYNTHETIC_MODALITIES, syntheticModalities()));
            instance.put(MultimodalSourceProvenance.NUM_EXAMPLES, new IntProvenance(MultimodalSourceProvenance.NUM_EXAMPLES, numExamples()));
            for (Map.Entry<String, String> e : new TreeMap<>(derivedProvenance()).entrySet()) {
                instance.put(e.getKey(), new StringProvenance(e.getKey(), e.getValue()));
            }
            instance.put(DataSourceProvenance.DATASOURCE_CREATION_TIME,
                    new DateTimeProvenance(DataSourceProvenance.DATASOURCE_CREATION_TIME, OffsetDateTime.now()));
            provenance = new MultimodalSourceProvenance(this, instance);
        }
        return provenance;
    }

    @Override
    public String toString() {
        return describeSource();
    }
}
