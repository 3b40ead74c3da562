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
        NDArray y = BatchAssembler.labels(manager, labels);
        ParameterStore ps = new ParameterStore(manager, false);

        NDList complete = assembler.assemble(manager, batch);
        complete.addAll(trainPrototypes);
        NDList completeOut;
        double completeLoss;
        // Each pass runs in an NDScope: every intermediate array is released as soon as the pass's loss is built
        // (autograd keeps what the backward pass needs), instead of living until the batch's manager closes.
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss;
            try (NDScope scope = new NDScope()) {
                completeOut = network.forward(ps, complete, true);
                loss = CiderLosses.nll(completeOut.get(MaciNetwork.LOG_PROBABILITIES), y);
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
            completeLoss = loss.getFloat();
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
        // The corrupted batch straight from the masks: the same tensors as assembling KeepMask.apply of each example,
        // without building corrupted examples (and their pooled Tribuo features, which the network never reads).
        NDList incomplete = assembler.assemble(manager, batch, masks);
        incomplete.addAll(trainPrototypes);
        boolean distils = completeOut.size() > MaciNetwork.BACKBONE + CiderBackbone.VISION_RECONSTRUCTION;
        double nll;
        double rec = 0;
        double att = 0;
        double jnt;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray total;
            NDArray nllLoss;
            NDArray jointLoss;
            NDArray recLoss = null;
            NDArray attLoss = null;
            try (NDScope scope = new NDScope()) {
                NDList out = network.forward(ps, incomplete, true);
                nllLoss = CiderLosses.nll(out.get(MaciNetwork.LOG_PROBABILITIES), y);
                total = nllLoss;
                jointLoss = CiderLosses.jointCosine(out.get(MaciNetwork.BACKBONE), completeOut.get(MaciNetwork.BACKBONE));
                total = total.add(OwnedArrays.mul(jointLoss, (float) weights.joint()));
                if (distils) {
                    recLoss = reconstruction(manager, masks, complete, completeOut, out);
                    NDArray teacherScores = completeOut.get(MaciNetwork.BACKBONE + CiderBackbone.SCORES);
                    attLoss = CiderLosses.attentionKl(teacherScores, out.get(MaciNetwork.BACKBONE + CiderBackbone.SCORES));
                    teacherScores.close(); // no longer needed: released before the backward pass
                    total = total.add(OwnedArrays.mul(recLoss, (float) weights.reconstruction()))
                            .add(OwnedArrays.mul(attLoss, (float) weights.attention()));
                    NDScope.unregister(recLoss, attLoss);
                }
                NDScope.unregister(total, nllLoss, jointLoss);
            }
            if (distils) {
                rec = recLoss.getFloat();
                att = attLoss.getFloat();
            }
            gc.backward(total);
            nll = nllLoss.getFloat();
            jnt = jointLoss.getFloat();
        }
        if (carried != null) {
            addGradients(carried);
        }
        optimizer.step(network);
        return new StepLosses(completeLoss, nll, rec, att, jnt);
    }

    private NDArray reconstruction(NDManager manager, List<KeepMask> masks, NDList complete, NDList completeOut, NDList out) {
        int o = MaciNetwork.BACKBONE;
        NDArray text = CiderLosses.maskedSmoothL1(out.get(o + CiderBackbone.TEXT_RECONSTRUCTION),
                completeOut.get(MaciNetwork.TEXT_FEATURES), droppedMask(manager, masks, Modality.TEXT));
        NDArray audio = CiderLosses.maskedSmoothL1(out.get(o + CiderBackbone.AUDIO_RECONSTRUCTION),
                complete.get(BatchAssembler.AUDIO), droppedMask(manager, masks, Modality.AUDIO));
        NDArray vision = CiderLosses.maskedSmoothL1(out.get(o + CiderBackbone.VISION_RECONSTRUCTION),
                complete.get(BatchAssembler.VISION), droppedMask(manager, masks, Modality.VISION));
        return text.add(audio).add(vision);
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
