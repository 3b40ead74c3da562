package dev.cider.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.cider.train.protos.AdamMomentsProto;
import dev.cider.train.protos.AdamStateProto;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Adam (and AdamW-style decoupled weight decay for chosen parameters) whose whole state, the moment estimates and
 * the step counts, is keyed by the parameters' hierarchical names, so it can be written to a checkpoint and a
 * resumed run continues exactly where the interrupted one stopped.
 * <p>
 * The update is PyTorch's fused Adam kernel through DJL, which also zeroes each updated parameter's gradient.
 * Parameters are updated in name order. A parameter group (for example a fine-tuned text encoder) can have its own
 * learning rate and weight decay through {@link Group}.
 */
public final class CheckpointableAdam {

    /**
     * A learning rate and weight decay for the parameters whose names match a predicate.
     * @param matches Which parameter names belong to the group.
     * @param learningRate The learning rate.
     * @param weightDecay The decoupled weight decay (0 for none).
     */
    public record Group(Predicate<String> matches, float learningRate, float weightDecay) {
    }

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Group defaultGroup;
    private final Group[] groups;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    /**
     * Creates an optimizer.
     * @param learningRate The default learning rate.
     * @param groups Parameter groups checked in order before the default.
     */
    public CheckpointableAdam(float learningRate, Group... groups) {
        this(learningRate, 0.9f, 0.999f, 1e-8f, groups);
    }

    /**
     * Creates an optimizer with explicit Adam constants.
     * @param learningRate The default learning rate.
     * @param beta1 The first-moment decay.
     * @param beta2 The second-moment decay.
     * @param epsilon The denominator constant.
     * @param groups Parameter groups checked in order before the default.
     */
    public CheckpointableAdam(float learningRate, float beta1, float beta2, float epsilon, Group... groups) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, found " + learningRate);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.defaultGroup = new Group(n -> true, learningRate, 0f);
        this.groups = groups.clone();
    }

    private Group groupOf(String name) {
        for (Group g : groups) {
            if (g.matches().test(name)) {
                return g;
            }
        }
        return defaultGroup;
    }

    /**
     * Updates every parameter of a block that requires a gradient and has one.
     * @param block The block.
     */
    public void step(Block block) {
        TreeMap<String, Parameter> sorted = new TreeMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            sorted.put(p.getKey(), p.getValue());
        }
        for (Map.Entry<String, Parameter> e : sorted.entrySet()) {
            Parameter p = e.getValue();
            if (!p.requiresGradient() || !p.isInitialized()) {
                continue;
            }
            NDArray weight = p.getArray();
            if (!weight.hasGradient()) {
                continue;
            }
            // getGradient() makes a new handle on every call: close it after the update, as DJL's parameter server does
            try (NDArray grad = weight.getGradient()) {
                update(e.getKey(), weight, grad);
            }
        }
    }

    private void update(String name, NDArray weight, NDArray grad) {
        Group g = groupOf(name);
        int t = steps.merge(name, 1, Integer::sum);
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float biasCorrected = (float) (g.learningRate() * Math.sqrt(coef2) / coef1);
        NDArray mean = means.computeIfAbsent(name, k -> detachedZeros(weight));
        NDArray variance = variances.computeIfAbsent(name, k -> detachedZeros(weight));
        NDList inputs = new NDList(weight, grad, mean, variance);
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), g.learningRate(), biasCorrected,
                g.weightDecay(), 1.0f, -1f, beta1, beta2, epsilon, true, g.weightDecay() > 0);
    }

    private static NDArray detachedZeros(NDArray like) {
        NDArray z = like.getManager().zeros(like.getShape(), like.getDataType(), like.getDevice());
        z.setRequiresGradient(false);
        return z;
    }

    /**
     * The state: per parameter, in name order, its step count and moments (float32).
     * @return The state.
     */
    public AdamStateProto state() {
        AdamStateProto.Builder b = AdamStateProto.newBuilder();
        for (Map.Entry<String, Integer> e : new TreeMap<>(steps).entrySet()) {
            NDArray mean = means.get(e.getKey());
            AdamMomentsProto.Builder m = AdamMomentsProto.newBuilder().setName(e.getKey()).setSteps(e.getValue());
            for (long s : mean.getShape().getShape()) {
                m.addShape(s);
            }
            for (float v : mean.toFloatArray()) {
                m.addMean(v);
            }
            for (float v : variances.get(e.getKey()).toFloatArray()) {
                m.addVariance(v);
            }
            b.addParameter(m);
        }
        return b.build();
    }

    /**
     * Replaces the state by one from {@link #state()}, creating the moments with the given manager.
     * @param state The state.
     * @param manager The manager (and device) of the moments; it must outlive this optimizer.
     * @throws IllegalArgumentException naming the parameter whose moments do not fit its shape.
     */
    public void restore(AdamStateProto state, NDManager manager) {
        Map<String, NDArray> newMeans = new HashMap<>();
        Map<String, NDArray> newVariances = new HashMap<>();
        Map<String, Integer> newSteps = new HashMap<>();
        for (AdamMomentsProto m : state.getParameterList()) {
            long[] dims = m.getShapeList().stream().mapToLong(Long::longValue).toArray();
            Shape shape = new Shape(dims);
            if (m.getSteps() < 0 || shape.size() != m.getMeanCount() || shape.size() != m.getVarianceCount()) {
                throw new IllegalArgumentException("Malformed optimizer state of parameter '" + m.getName() + "': shape " + shape + ", "
                        + m.getMeanCount() + " means, " + m.getVarianceCount() + " variances, " + m.getSteps() + " steps");
            }
            newSteps.put(m.getName(), m.getSteps());
            newMeans.put(m.getName(), array(manager, m.getMeanList(), shape));
            newVariances.put(m.getName(), array(manager, m.getVarianceList(), shape));
        }
        means.clear();
        variances.clear();
        steps.clear();
        means.putAll(newMeans);
        variances.putAll(newVariances);
        steps.putAll(newSteps);
    }

    private static NDArray array(NDManager manager, List<Float> values, Shape shape) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        NDArray a = manager.create(v, shape);
        a.setRequiresGradient(false);
        return a;
    }

    /**
     * Writes the {@link #state()} as a serialised {@code AdamStateProto}.
     * @param out The stream.
     * @throws IOException on write failure.
     */
    public void save(DataOutputStream out) throws IOException {
        state().writeTo(out);
    }

    /**
     * Restores the state written by {@link #save} (the stream is read to its end).
     * @param in The stream.
     * @param manager The manager (and device) of the moments; it must outlive this optimizer.
     * @throws IOException on read failure or a malformed state.
     */
    public void load(DataInputStream in, NDManager manager) throws IOException {
        try {
            restore(AdamStateProto.parseFrom(in), manager);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
