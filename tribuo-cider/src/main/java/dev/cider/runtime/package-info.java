/**
 * Running a MACI network, shared by training and prediction, in four groups:
 * <ul>
 *     <li>what network to build: {@link dev.cider.runtime.NetworkSpec} (with {@link dev.cider.runtime.BackboneKind},
 *     {@link dev.cider.runtime.TextRepresentation} and, for a fine-tuned text encoder,
 *     {@link dev.cider.runtime.BertFrontEnd});</li>
 *     <li>what goes in: {@link dev.cider.runtime.BatchAssembler} turns examples into the batch tensors (the one
 *     batch assembler of training and prediction), {@link dev.cider.runtime.NetworkInputs} their shapes, and
 *     {@link dev.cider.runtime.CounterfactualTexts} (with {@link dev.cider.runtime.CounterfactualFeatureCache}) the
 *     counterfactual text the causal head reads;</li>
 *     <li>running it: {@link dev.cider.runtime.CiderInference}, test-mode inference with the counterfactual pass;</li>
 *     <li>where and how the numbers are computed: {@link dev.cider.runtime.DeviceSelector} (the compute device),
 *     {@link dev.cider.runtime.NumericsMode} and {@link dev.cider.runtime.NumericsEnvironment} (the numerics a run
 *     asked for and the machine it ran on), with {@link dev.cider.runtime.CpuFeatures} and
 *     {@link dev.cider.runtime.AtenCpuCapability}.</li>
 * </ul>
 * The last group stays here rather than in a package of its own because saved models record
 * {@code dev.cider.runtime.NumericsMode} (and {@code BackboneKind}) by class name in their provenance.
 * <p>
 * Place in the data flow: between the text encoders, missing patterns, network blocks and causal head below it and
 * the trainer and model above it, which both use it.
 */
package dev.cider.runtime;
