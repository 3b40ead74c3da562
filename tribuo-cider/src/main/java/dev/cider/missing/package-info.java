/**
 * Missing-data patterns: which parts of an utterance are made missing, for training, evaluation and the
 * Tribuo baselines alike.
 * <p>
 * A {@link dev.cider.missing.MissingPattern} produces a {@link dev.cider.missing.KeepMask}, per-step keep
 * flags for text, audio and vision. Applying the mask turns a dropped audio or vision frame into a zero
 * vector and a dropped token into [UNK] with a zero token-feature vector; [CLS], [SEP] and padding are never
 * dropped. The patterns ({@link dev.cider.missing.MissingPatterns} parses them by name):
 * <ul>
 *     <li>{@link dev.cider.missing.Rmfm} (RMFM, the paper's generalised task): every valid position of
 *     text | audio | vision is dropped independently with probability {@code r}.</li>
 *     <li>{@link dev.cider.missing.TraditionalRmfm}: each modality loses exactly {@code round(r_m * n_m)} of
 *     its positions, with its own (by default the same) rate.</li>
 *     <li>{@link dev.cider.missing.Rmm} (RMM): each (utterance, modality) is dropped entirely with
 *     probability {@code r}.</li>
 *     <li>{@link dev.cider.missing.Tmfm} (TMFM, aligned data only): one mask over the time steps, shared by
 *     the three modalities.</li>
 *     <li>{@link dev.cider.missing.Stmfm} (STMFM, aligned data only): one contiguous block of
 *     {@code round((len - 2) * r)} steps, missing in all three modalities.</li>
 *     <li>{@link dev.cider.missing.Smm} (SMM): a fixed set of modalities is missing everywhere; six kept
 *     subsets, no rate.</li>
 * </ul>
 * Evaluation masks are a function of (pattern, seed, rate, utterance id) only, and nested across rates: each
 * masking unit has a uniform draw fixed by the seed and the id, and is dropped when the draw is below the
 * rate. Training masks are fresh draws from the trainer's generator, with one rate per example (the paper,
 * the default) or one rate per masking unit (the public implementation), see
 * {@link dev.cider.missing.TrainingRateMode}.
 */
package dev.cider.missing;
