package dev.cider.runtime;

import dev.cider.data.DataSplit;
import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.TextInput;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small synthetic examples for the runtime tests, with or without token features.
 */
final class RuntimeFixtures {

    private RuntimeFixtures() {
    }

    /**
     * Training examples of a small unaligned synthetic corpus.
     * @param n The number of examples.
     * @param featureDim The token feature size (0: token ids only).
     * @param seed The seed of the features.
     * @return The examples.
     */
    static List<MultimodalExample> examples(int n, int featureDim, long seed) {
        SyntheticSource source = SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).split(DataSplit.TRAIN)
                .task(SentimentTask.BINARY).seed(seed).sizes(n, 2, 2).build();
        return featureDim == 0 ? source.examples() : withTokenFeatures(source.examples(), featureDim, seed);
    }

    /**
     * The examples with random token features on their valid tokens (zero on padding).
     * @param examples The examples.
     * @param featureDim The token feature size.
     * @param seed The seed of the features.
     * @return New examples.
     */
    static List<MultimodalExample> withTokenFeatures(List<MultimodalExample> examples, int featureDim, long seed) {
        List<MultimodalExample> out = new ArrayList<>(examples.size());
        SplittableRandom rng = new SplittableRandom(seed);
        for (MultimodalExample ex : examples) {
            out.add(withFeatures(ex, featureDim, rng));
        }
        return out;
    }

    private static MultimodalExample withFeatures(MultimodalExample ex, int dim, SplittableRandom rng) {
        TextInput t = ex.getText();
        float[] values = new float[t.steps() * dim];
        for (int i = 0; i < t.length() * dim; i++) {
            values[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return ex.withText(t.withTokenFeatures(FeatureSequence.wrap(values, t.steps(), dim, t.length())));
    }
}
