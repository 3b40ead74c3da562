/**
 * MACI, the model-agnostic causal inference module of CIDer (spec section 4).
 * <p>
 * MACI sits on top of any backbone that yields a joint representation {@code (B, J)} (J = 96 for the CIDer
 * backbone of {@code dev.cider.nn}) and whose text input can be replaced by a counterfactual text. It removes
 * two biases:
 * <ul>
 *     <li><b>Label bias</b> (MCM, backdoor adjustment, training and testing): {@link dev.cider.maci.CausalHead}
 *     encodes each class prototype with three small MLPs ({@code d_x -> 32 -> 32 -> 32}), applies one
 *     classifier {@code (J + 96) -> K} per class to {@code concat(h_m, z_l^i, z_a^i, z_v^i)} and mixes the
 *     per-class softmaxes with the class priors, outputting {@code log P(y | do(x))}.
 *     {@link dev.cider.maci.ClassPrototypes} computes the prototypes (class means of the text sentence vector
 *     and of the time-averaged audio and vision) and the priors from the training split, and hands them to
 *     the head in {@link dev.cider.maci.PrototypeMode#TRAINING} (per class, training priors) or
 *     {@link dev.cider.maci.PrototypeMode#TEST} (mean prototype in every slot, uniform priors).
 *     {@link dev.cider.maci.PublishedPrototypes} loads the prototype files of the public implementation
 *     through {@link dev.cider.data.source.pickle.NpyFiles}, the reader of the MMSA pickles' arrays.</li>
 *     <li><b>Language bias</b> (counterfactual text, test time): {@link dev.cider.maci.CounterfactualTextBuilder}
 *     selects the {@link dev.cider.maci.BiasWords} (tokens whose per-class training counts have a coefficient of
 *     variation of at least 0.1, the 100 most frequent); the counterfactual text keeps special and bias tokens
 *     and masks the rest; {@link dev.cider.maci.TauDebiaser} combines
 *     {@code log P(y | x) - tau * log P(y | x_cf)} and chooses tau in {0.0, ..., 3.0} on the validation split
 *     (never on the test split, unlike the public code).</li>
 * </ul>
 * Both heads implement {@link dev.cider.maci.ClassificationHead}; {@link dev.cider.maci.PlainHead} (a linear
 * classifier that ignores the prototypes) is the "without MCM" ablation, with which counterfactual debiasing still
 * applies.
 * <p>
 * Parameter count of the head (spec section 6): prototype MLPs 31,808 for d_l = 768, d_a = 5, d_v = 20, and
 * classifiers {@code K (K (J + 96) + K)}, 1,737 for K = 3.
 */
package dev.cider.maci;
