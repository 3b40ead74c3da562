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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The shared machinery of the multimodal data sources: the split and task configuration, loading once,
 * validation, iteration and provenance (every {@code @Config} field plus the SHA-256 of every file read).
 * <p>
 * Every source can keep a seeded, class-stratified subset of each split ({@code trainSubset}, {@code validSubset},
 * {@code testSubset}: a number of utterances or a fraction, drawn by {@link StratifiedSubset} with
 * {@code subsetSeed}); the sibling sources of {@link #forSplit(DataSplit)} share these settings, and the provenance
 * records them with the number of examples kept.
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

    @Config(description = "Keep a seeded class-stratified subset of the train split: a number of utterances (e.g. 500) or a fraction"
            + " strictly between 0 and 1 (e.g. 0.1); \"all\" (the default) keeps the whole split.")
    protected String trainSubset = SubsetSize.ALL;

    @Config(description = "Keep a seeded class-stratified subset of the valid split: a number of utterances or a fraction in (0, 1);"
            + " \"all\" (the default) keeps the whole split.")
    protected String validSubset = SubsetSize.ALL;

    @Config(description = "Keep a seeded class-stratified subset of the test split: a number of utterances or a fraction in (0, 1);"
            + " \"all\" (the default) keeps the whole split.")
    protected String testSubset = SubsetSize.ALL;

    @Config(description = "The seed of the subsets (the same seed keeps the same utterances of the same data).")
    protected long subsetSeed = 1L;

    private static final Logger logger = Logger.getLogger(AbstractMultimodalSource.class.getName());

    private DataSplit parsedSplit = DataSplit.TRAIN;
    private final Map<DataSplit, SubsetSize> subsets = new EnumMap<>(DataSplit.class);
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
        parseSubsets();
    }

    private void parseSubsets() {
        subsets.clear();
        String[] fields = {"trainSubset", "validSubset", "testSubset"};
        String[] values = {trainSubset, validSubset, testSubset};
        DataSplit[] splits = {DataSplit.TRAIN, DataSplit.VALID, DataSplit.TEST};
        for (int i = 0; i < fields.length; i++) {
            if (!SubsetSize.isAll(values[i])) {
                try {
                    subsets.put(splits[i], SubsetSize.parse(values[i]));
                } catch (IllegalArgumentException e) {
                    throw new PropertyException(e, "", fields[i], fields[i] + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * A source like this one (same split) that keeps seeded class-stratified subsets of its splits.
     * @param train The train split's subset (a count such as "500" or a fraction such as "0.1"), or null or "all"
     *              for all of it.
     * @param valid The valid split's subset, or null or "all".
     * @param test The test split's subset, or null or "all".
     * @param seed The subset seed.
     * @return The new source; nothing is read until its examples are asked for.
     * @throws PropertyException naming the setting if a size is neither a positive count nor a fraction in (0, 1).
     */
    public AbstractMultimodalSource withSubsets(String train, String valid, String test, long seed) {
        AbstractMultimodalSource copy = copyForSplit(parsedSplit);
        copy.trainSubset = train == null ? SubsetSize.ALL : train;
        copy.validSubset = valid == null ? SubsetSize.ALL : valid;
        copy.testSubset = test == null ? SubsetSize.ALL : test;
        copy.subsetSeed = seed;
        copy.parseSubsets();
        return copy;
    }

    /**
     * The subset this source keeps of its split.
     * @return The subset size, empty if it keeps the whole split.
     */
    public Optional<SubsetSize> subset() {
        return Optional.ofNullable(subsets.get(parsedSplit));
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
        if (other == parsedSplit) {
            return this;
        }
        AbstractMultimodalSource copy = copyForSplit(other);
        copy.trainSubset = trainSubset;
        copy.validSubset = validSubset;
        copy.testSubset = testSubset;
        copy.subsetSeed = subsetSeed;
        copy.parseSubsets();
        return copy;
    }

    @Override
    public synchronized List<MultimodalExample> examples() {
        if (examples == null) {
            List<MultimodalExample> loaded = loadExamples();
            SubsetSize size = subsets.get(parsedSplit);
            if (size != null) {
                int all = loaded.size();
                loaded = StratifiedSubset.select(loaded, size, subsetSeed);
                logger.info(describeSource() + ": kept a class-stratified subset of " + loaded.size() + " of " + all
                        + " utterances (" + size + ", seed " + subsetSeed + ")");
            }
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
            instance.put(MultimodalSourceProvenance.NUM_EXAMPLES, new IntProvenance(MultimodalSourceProvenance.NUM_EXAMPLES,
                    subsets.containsKey(parsedSplit) ? examples().size() : numExamples()));
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
