package dev.cider.data;

import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The train, valid and test splits of a corpus as Tribuo datasets, each carrying its source's provenance,
 * with one layout and one task across the three.
 */
public final class MultimodalSplits {

    private final Map<DataSplit, MutableDataset<Label>> datasets;
    private final DataLayout layout;
    private final SentimentTask task;

    private MultimodalSplits(Map<DataSplit, MutableDataset<Label>> datasets, DataLayout layout, SentimentTask task) {
        this.datasets = datasets;
        this.layout = layout;
        this.task = task;
    }

    /**
     * Loads all three splits from one configured source (its own split and its siblings).
     * @param source Any source of the corpus.
     * @return The splits.
     * @throws IllegalArgumentException if the splits disagree on layout or task.
     */
    public static MultimodalSplits load(MultimodalSource source) {
        Map<DataSplit, MultimodalSource> sources = new EnumMap<>(DataSplit.class);
        for (DataSplit s : DataSplit.values()) {
            sources.put(s, s == source.getSplit() ? source : source.forSplit(s));
        }
        return of(sources);
    }

    /**
     * Builds the splits from three sources, which may come from different corpora (cross-dataset evaluation)
     * provided their layouts and tasks agree.
     * @param sources One source per split.
     * @return The splits.
     */
    public static MultimodalSplits of(Map<DataSplit, ? extends MultimodalSource> sources) {
        Map<DataSplit, MutableDataset<Label>> datasets = new EnumMap<>(DataSplit.class);
        DataLayout layout = null;
        SentimentTask task = null;
        for (DataSplit s : DataSplit.values()) {
            MultimodalSource src = sources.get(s);
            if (src == null) {
                throw new IllegalArgumentException("No source for the " + s.canonicalName() + " split");
            }
            DataLayout l = src.getLayout();
            if (layout == null) {
                layout = l;
                task = src.getTask();
            } else if (!layout.equals(l)) {
                throw new IllegalArgumentException("The " + s.canonicalName() + " split has layout " + l.describe() + ", the train split has " + layout.describe());
            } else if (task != src.getTask()) {
                throw new IllegalArgumentException("The " + s.canonicalName() + " split is labelled for task " + src.getTask() + ", the train split for " + task);
            }
            datasets.put(s, new MutableDataset<>(src));
        }
        return new MultimodalSplits(datasets, layout, task);
    }

    /**
     * The dataset of a split.
     * @param split The split.
     * @return The dataset.
     */
    public MutableDataset<Label> get(DataSplit split) {
        return datasets.get(split);
    }

    /** @return The training dataset. */
    public MutableDataset<Label> train() {
        return datasets.get(DataSplit.TRAIN);
    }

    /** @return The validation dataset. */
    public MutableDataset<Label> valid() {
        return datasets.get(DataSplit.VALID);
    }

    /** @return The test dataset. */
    public MutableDataset<Label> test() {
        return datasets.get(DataSplit.TEST);
    }

    /**
     * The examples of a split as multimodal examples.
     * @param split The split.
     * @return The examples in order.
     */
    public List<MultimodalExample> examples(DataSplit split) {
        return multimodalExamples(datasets.get(split));
    }

    /**
     * The provenance of a split's data.
     * @param split The split.
     * @return The provenance.
     */
    public DataProvenance provenance(DataSplit split) {
        return datasets.get(split).getProvenance();
    }

    /** @return The layout shared by the splits. */
    public DataLayout layout() {
        return layout;
    }

    /** @return The task the splits are labelled for. */
    public SentimentTask task() {
        return task;
    }

    /**
     * The split sizes in train, valid, test order.
     * @return Split name to number of examples.
     */
    public Map<String, Integer> sizes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (DataSplit s : DataSplit.values()) {
            out.put(s.canonicalName(), datasets.get(s).size());
        }
        return out;
    }

    /**
     * Casts the examples of a Tribuo dataset to multimodal examples.
     * @param data A dataset or list of examples.
     * @return The multimodal examples.
     * @throws IllegalArgumentException naming the first example that is not multimodal.
     */
    public static List<MultimodalExample> multimodalExamples(Iterable<? extends org.tribuo.Example<Label>> data) {
        List<MultimodalExample> out = new ArrayList<>();
        int i = 0;
        for (org.tribuo.Example<Label> ex : data) {
            if (!(ex instanceof MultimodalExample)) {
                throw new IllegalArgumentException("Example " + i + " is a " + ex.getClass().getSimpleName()
                        + ", not a MultimodalExample: CIDer needs the dense modalities of a multimodal data source");
            }
            out.add((MultimodalExample) ex);
            i++;
        }
        return Collections.unmodifiableList(out);
    }
}
