package dev.cider.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
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
     * Writes the state (step counts and moments, as float32) in name order.
     * @param out The stream.
     * @throws IOException on write failure.
     */
    public void save(DataOutputStream out) throws IOException {
        TreeMap<String, Integer> sorted = new TreeMap<>(steps);
        out.writeInt(sorted.size());
        for (Map.Entry<String, Integer> e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
            writeArray(out, means.get(e.getKey()));
            writeArray(out, variances.get(e.getKey()));
        }
    }

    /**
     * Restores the state written by {@link #save}, creating the moments with the given manager.
     * @param in The stream.
     * @param manager The manager (and device) of the moments; it must outlive this optimizer.
     * @throws IOException on read failure or a malformed state.
     */
    public void load(DataInputStream in, NDManager manager) throws IOException {
        means.clear();
        variances.clear();
        steps.clear();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("Malformed optimizer state: " + n + " parameters");
        }
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            steps.put(name, in.readInt());
            means.put(name, readArray(in, manager));
            variances.put(name, readArray(in, manager));
        }
    }

    private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        long[] shape = a.getShape().getShape();
        out.writeInt(shape.length);
        for (long s : shape) {
            out.writeLong(s);
        }
        float[] v = a.toFloatArray();
        out.writeInt(v.length);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

    private static NDArray readArray(DataInputStream in, NDManager manager) throws IOException {
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
            throw new IOException("Malformed optimizer state: rank " + rank);
        }
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readLong();
        }
        int n = in.readInt();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
        }
        NDArray a = manager.create(v, new Shape(shape));
        a.setRequiresGradient(false);
        return a;
    }
}
