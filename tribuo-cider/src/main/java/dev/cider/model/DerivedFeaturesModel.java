package dev.cider.model;

/**
 * A Tribuo model that computes its own features from each {@link dev.cider.data.MultimodalExample} when it predicts
 * (for example the modalities' valid lengths) instead of reading the example's pooled Tribuo features. Its feature
 * domain is therefore not compared with the pooled features of the data ({@link FeatureDomainCheck} leaves it alone);
 * it refuses examples it cannot derive its features from itself.
 */
public interface DerivedFeaturesModel {
}
