package dev.cider.text;

import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.TextInput;

import java.util.ArrayList;
import java.util.List;

/**
 * Attaching token features to examples.
 */
public final class TokenFeatures {

    private TokenFeatures() {
    }

    /**
     * Encodes texts, through a cache when one is given.
     * @param texts The texts.
     * @param encoder The encoder.
     * @param cache The cache, or null to call the encoder directly.
     * @return One feature sequence per text.
     */
    public static List<FeatureSequence> encode(List<TextInput> texts, TextEncoder encoder, TokenFeatureCache cache) {
        return cache == null ? encoder.encode(texts) : cache.encode(encoder, texts);
    }

    /**
     * Copies of examples whose text carries token features from an encoder (replacing any features they had).
     * Labels, ids, scores, weights, metadata, audio and vision are kept; the pooled Tribuo features are recomputed.
     * @param examples The examples.
     * @param encoder The encoder.
     * @param cache The cache, or null to call the encoder directly.
     * @return The copies, in the same order.
     */
    public static List<MultimodalExample> attachFeatures(List<MultimodalExample> examples, TextEncoder encoder,
                                                         TokenFeatureCache cache) {
        List<TextInput> texts = new ArrayList<>(examples.size());
        for (MultimodalExample e : examples) {
            texts.add(e.getText());
        }
        List<FeatureSequence> features = encode(texts, encoder, cache);
        List<MultimodalExample> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            MultimodalExample e = examples.get(i);
            out.add(e.withText(e.getText().withTokenFeatures(features.get(i))));
        }
        return out;
    }
}
