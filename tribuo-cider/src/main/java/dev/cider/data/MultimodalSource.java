package dev.cider.data;

import org.tribuo.ConfigurableDataSource;
import org.tribuo.classification.Label;

import java.util.List;

/**
 * A Tribuo data source of {@link MultimodalExample}s for one split of a corpus, that can produce the
 * sibling sources of the other splits with the same configuration.
 * <p>
 * Its output is validated (see {@link ExampleValidator}) when first read.
 */
public interface MultimodalSource extends ConfigurableDataSource<Label> {

    /**
     * The split this source reads.
     * @return The split.
     */
    DataSplit getSplit();

    /**
     * The task whose labels the examples carry.
     * @return The task.
     */
    SentimentTask getTask();

    /**
     * A source with the same configuration reading another split.
     * @param split The split.
     * @return The sibling source.
     */
    MultimodalSource forSplit(DataSplit split);

    /**
     * The validated examples of this split, loaded once.
     * @return The examples (unmodifiable).
     */
    List<MultimodalExample> examples();

    /**
     * The layout shared by every example of this split.
     * @return The layout.
     */
    default DataLayout getLayout() {
        return DataLayout.of(examples().get(0));
    }
}
