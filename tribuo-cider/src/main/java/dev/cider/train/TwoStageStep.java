package dev.cider.train;

import dev.cider.runtime.BatchAssembler;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import dev.cider.maci.MaciNetwork;
import dev.cider.missing.KeepMask;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.TrainingRateMode;
import dev.cider.nn.CiderBackbone;
import dev.cider.nn.OwnedArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One mini-batch of CIDer's two-stage optimisation (cider-spec section 5): a complete-view step (NLL, backward,
 * optimiser step), then, on the same batch with a fresh missing mask and the weights just updated, an
 * incomplete-view step with NLL plus the weighted reconstruction, attention and joint distillation losses, whose
 * targets are the complete view's outputs (detached). Both passes share all weights.
 * <p>
 * The public implementation does not clear the gradients between the two steps, so the second step's update also
 * contains the first step's gradients; DJL's PyTorch optimiser zeroes them after each update, so with
 * {@code carryOverGradients} the first step's gradients are copied before its update and added back before the
 * second. Reconstruction and attention distillation need a backbone that produces them ({@link CiderBackbone});
 * with another backbone only the joint term applies.
 */
public final class TwoStageStep {

    private final MaciNetwork network;
    private final CheckpointableAdam optimizer;
    private final BatchAssembler assembler;
    private final MissingPattern pattern;
    private final TrainingRateMode rateMode;
    private final LossWeights weights;
    private final boolean carryOverGradients;
    private final int microBatchSize;

    /**
     * Creates the step.
     * @param network The network.
     * @param optimizer The optimiser.
     * @param assembler The batch assembler.
     * @param pattern The training missing pattern.
     * @param rateMode How the training rate is drawn.
     * @param weights The incomplete-view loss weights.
     * @param carryOverGradients Whether the complete step's gradients join the incomplete step's update.
     */
    public TwoStageStep(MaciNetwork network, CheckpointableAdam optimizer, BatchAssembler assembler, MissingPattern pattern,
                        TrainingRateMode rateMode, LossWeights weights, boolean carryOverGradients) {
        this(network, optimizer, assembler, pattern, rateMode, weights, carryOverGradients, 0);
    }

    /**
     * Creates the step with micro-batches: each pass runs over slices of at most {@code microBatchSize} utterances,
     * their gradients adding up before the optimiser step, and every loss term keeps the whole batch's normalisation
     * (batch means, the dropped positions of the whole batch), so the update is the whole batch's up to float rounding
     * and the dropout and mask draws. Peak memory falls with the micro-batch size; time grows a little.
     * @param network The network.
     * @param optimizer The optimiser.
     * @param assembler The batch assembler.
     * @param pattern The training missing pattern.
     * @param rateMode How the training rate is drawn.
     * @param weights The incomplete-view loss weights.
     * @param carryOverGradients Whether the complete step's gradients join the incomplete step's update.
     * @param microBatchSize Utterances per micro-batch; 0 (or at least the batch size) runs each batch whole.
     */
    public TwoStageStep(MaciNetwork network, CheckpointableAdam optimizer, BatchAssembler assembler, MissingPattern pattern,
                        TrainingRateMode rateMode, LossWeights weights, boolean carryOverGradients, int microBatchSize) {
        if (microBatchSize < 0) {
            throw new IllegalArgumentException("The micro-batch size must be 0 (whole batches) or positive, found " + microBatchSize);
        }
        this.microBatchSize = microBatchSize;
        this.network = network;
        this.optimizer = optimizer;
        this.assembler = assembler;
        this.pattern = pattern;
        this.rateMode = rateMode;
        this.weights = weights;
        this.carryOverGradients = carryOverGradients;
    }

    /**
     * Runs both steps on a batch.
     * @param manager A manager for this batch's tensors (closed by the caller).
     * @param batch The complete examples.
     * @param labels Their class indices.
     * @param trainPrototypes The head's prototype inputs in training mode.
     * @param rng The stream of the batch's missing masks.
     * @return The loss terms.
     */
    public StepLosses run(NDManager manager, List<MultimodalExample> batch, int[] labels, NDList trainPrototypes,
                          SplittableRandom rng) {
        ParameterStore ps = new ParameterStore(manager, false);
        List<int[]> parts = microBatches(batch.size());
        boolean split = parts.size() > 1;
        List<NDArray> ys = new ArrayList<>(parts.size());
        List<NDList> completes = new ArrayList<>(parts.size());
        List<NDList> completeOuts = new ArrayList<>(parts.size());
        double completeLoss = 0;
        // Each pass runs in an NDScope: every intermediate array is released as soon as the pass's loss is built
        // (autograd keeps what the backward pass needs), instead of living until the batch's manager closes. With
        // micro-batches, each one's backward pass runs before the next one's forward pass, and the gradients add up.
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int[] part : parts) {
                NDArray y = BatchAssembler.labels(manager, Arrays.copyOfRange(labels, part[0], part[1]));
                NDList complete = assembler.assemble(manager, batch.subList(part[0], part[1]));
                complete.addAll(trainPrototypes);
                NDList completeOut;
                NDArray loss;
                try (NDScope scope = new NDScope()) {
                    completeOut = network.forward(ps, complete, true);
                    loss = CiderLosses.nll(completeOut.get(MaciNetwork.LOG_PROBABILITIES), y);
                    if (split) {
                        loss = OwnedArrays.mul(loss, share(part, batch.size()));
                    }
                    NDScope.unregister(loss);
                    // Kept for the incomplete pass: its token features, joint representation and last-layer scores.
                    for (int i = MaciNetwork.TEXT_FEATURES; i < completeOut.size(); i++) {
                        if (i != MaciNetwork.BACKBONE + CiderBackbone.TEXT_RECONSTRUCTION
                                && i != MaciNetwork.BACKBONE + CiderBackbone.AUDIO_RECONSTRUCTION
                                && i != MaciNetwork.BACKBONE + CiderBackbone.VISION_RECONSTRUCTION) {
                            NDScope.unregister(completeOut.get(i));
                        }
                    }
                }
                gc.backward(loss);
                completeLoss += loss.getFloat();
                ys.add(y);
                completes.add(complete);
                completeOuts.add(completeOut);
            }
        }
        Map<String, NDArray> carried = carryOverGradients && weights.incompleteView() ? copyGradients(manager) : null;
        optimizer.step(network);
        if (!weights.incompleteView()) {
            return new StepLosses(completeLoss, 0, 0, 0, 0);
        }

        List<KeepMask> masks = new ArrayList<>(batch.size());
        for (MultimodalExample ex : batch) {
            masks.add(pattern.trainingMask(ex, rateMode, rng));
        }
        boolean distils = completeOuts.get(0).size() > MaciNetwork.BACKBONE + CiderBackbone.VISION_RECONSTRUCTION;
        // With micro-batches, the reconstruction errors are divided by the dropped positions of the whole batch.
        float[] droppedTotals = split ? droppedTotals(masks) : null;
        double nll = 0;
        double rec = 0;
        double att = 0;
        double jnt = 0;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int k = 0; k < parts.size(); k++) {
                int[] part = parts.get(k);
                float share = share(part, batch.size());
                List<KeepMask> partMasks = masks.subList(part[0], part[1]);
                NDList completeOut = completeOuts.get(k);
                // The corrupted batch straight from the masks: the same tensors as assembling KeepMask.apply of each
                // example, without building corrupted examples (and their pooled Tribuo features, which the network
                // never reads).
                NDList incomplete = assembler.assemble(manager, batch.subList(part[0], part[1]), partMasks);
                incomplete.addAll(trainPrototypes);
                NDArray total;
                NDArray nllLoss;
                NDArray jointLoss;
                NDArray recLoss = null;
                NDArray attLoss = null;
                try (NDScope scope = new NDScope()) {
                    NDList out = network.forward(ps, incomplete, true);
                    nllLoss = CiderLosses.nll(out.get(MaciNetwork.LOG_PROBABILITIES), ys.get(k));
                    jointLoss = CiderLosses.jointCosine(out.get(MaciNetwork.BACKBONE), completeOut.get(MaciNetwork.BACKBONE));
                    if (split) {
                        nllLoss = OwnedArrays.mul(nllLoss, share);
                        jointLoss = OwnedArrays.mul(jointLoss, share);
                    }
                    total = nllLoss.add(OwnedArrays.mul(jointLoss, (float) weights.joint()));
                    if (distils) {
                        recLoss = reconstruction(manager, partMasks, completes.get(k), completeOut, out, droppedTotals);
                        NDArray teacherScores = completeOut.get(MaciNetwork.BACKBONE + CiderBackbone.SCORES);
                        attLoss = CiderLosses.attentionKl(teacherScores, out.get(MaciNetwork.BACKBONE + CiderBackbone.SCORES));
                        teacherScores.close(); // no longer needed: released before the backward pass
                        if (split) {
                            attLoss = OwnedArrays.mul(attLoss, share);
                        }
                        total = total.add(OwnedArrays.mul(recLoss, (float) weights.reconstruction()))
                                .add(OwnedArrays.mul(attLoss, (float) weights.attention()));
                        NDScope.unregister(recLoss, attLoss);
                    }
                    NDScope.unregister(total, nllLoss, jointLoss);
                }
                if (distils) {
                    rec += recLoss.getFloat();
                    att += attLoss.getFloat();
                }
                gc.backward(total);
                nll += nllLoss.getFloat();
                jnt += jointLoss.getFloat();
            }
        }
        if (carried != null) {
            addGradients(carried);
        }
        optimizer.step(network);
        return new StepLosses(completeLoss, nll, rec, att, jnt);
    }

    // [from, to) ranges of the micro-batches: the whole batch unless a micro-batch size smaller than it is set.
    private List<int[]> microBatches(int size) {
        int step = microBatchSize <= 0 ? size : Math.min(size, microBatchSize);
        List<int[]> parts = new ArrayList<>();
        for (int from = 0; from < size; from += step) {
            parts.add(new int[]{from, Math.min(size, from + step)});
        }
        return parts;
    }

    // A micro-batch's share of a batch mean.
    private static float share(int[] part, int size) {
        return (float) (part[1] - part[0]) / size;
    }

    // Per modality (Modality order), the dropped valid positions of the whole batch.
    private static float[] droppedTotals(List<KeepMask> masks) {
        float[] totals = new float[Modality.values().length];
        for (KeepMask mask : masks) {
            for (Modality m : Modality.values()) {
                totals[m.ordinal()] += mask.droppedPositions(m).length;
            }
        }
        return totals;
    }

    // The three reconstruction errors; droppedTotals (per modality, null: this batch's own) divides them.
    private NDArray reconstruction(NDManager manager, List<KeepMask> masks, NDList complete, NDList completeOut, NDList out,
                                   float[] droppedTotals) {
        int o = MaciNetwork.BACKBONE;
        NDArray text = reconstructionError(out.get(o + CiderBackbone.TEXT_RECONSTRUCTION), completeOut.get(MaciNetwork.TEXT_FEATURES),
                droppedMask(manager, masks, Modality.TEXT), droppedTotals, Modality.TEXT);
        NDArray audio = reconstructionError(out.get(o + CiderBackbone.AUDIO_RECONSTRUCTION), complete.get(BatchAssembler.AUDIO),
                droppedMask(manager, masks, Modality.AUDIO), droppedTotals, Modality.AUDIO);
        NDArray vision = reconstructionError(out.get(o + CiderBackbone.VISION_RECONSTRUCTION), complete.get(BatchAssembler.VISION),
                droppedMask(manager, masks, Modality.VISION), droppedTotals, Modality.VISION);
        return text.add(audio).add(vision);
    }

    private static NDArray reconstructionError(NDArray reconstruction, NDArray target, NDArray dropped, float[] droppedTotals,
                                               Modality m) {
        return droppedTotals == null ? CiderLosses.maskedSmoothL1(reconstruction, target, dropped)
                : CiderLosses.maskedSmoothL1(reconstruction, target, dropped, droppedTotals[m.ordinal()]);
    }

    private static NDArray droppedMask(NDManager manager, List<KeepMask> masks, Modality m) {
        int steps = masks.get(0).steps(m);
        float[] flags = new float[masks.size() * steps];
        for (int i = 0; i < masks.size(); i++) {
            for (int t : masks.get(i).droppedPositions(m)) {
                flags[i * steps + t] = 1f;
            }
        }
        // Owned memory: the mask is closed with the pass's scope, before the backward pass that reads it.
        return OwnedArrays.create(manager, flags, new Shape(masks.size(), steps));
    }

    private Map<String, NDArray> copyGradients(NDManager manager) {
        Map<String, NDArray> out = new HashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (p.getValue().requiresGradient() && a.hasGradient()) {
                try (NDArray grad = a.getGradient()) {
                    NDArray copy = grad.duplicate();
                    copy.attach(manager);
                    out.put(p.getKey(), copy);
                }
            }
        }
        return out;
    }

    private void addGradients(Map<String, NDArray> carried) {
        for (Pair<String, Parameter> p : network.getParameters()) {
            NDArray g = carried.get(p.getKey());
            NDArray a = p.getValue().getArray();
            if (g != null && a.hasGradient()) {
                try (NDArray grad = a.getGradient()) {
                    grad.addi(g);
                }
            }
        }
    }
}
