package dev.cider.repro;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.cider.data.Modality;
import dev.cider.maci.ClassPrototypes;
import dev.cider.maci.MaciNetwork;
import dev.cider.model.CiderModel;
import dev.cider.runtime.NetworkInputs;
import dev.cider.runtime.NetworkSpec;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether two CIDer models hold the same learned values, bit for bit: every network parameter tensor (compared by
 * its DJL name), the class prototypes of each modality and the class priors, tau and the bias words of the
 * counterfactual text. When they differ, each group says how many of its values differ and by how much at most.
 * <p>
 * The two models are called the original and the reproduction, as in {@link ModelReproducer}; any two models can be
 * compared (e.g. the same training on two machines, {@code cider diff-models}). Models of different architectures
 * are compared too (their mismatched groups {@linkplain ParameterGroupComparison#shapesDiffer() differ in shape});
 * {@link #requireSameArchitecture} refuses them where that makes no sense.
 */
public final class ParameterComparison {

    private final boolean networkBytesIdentical;
    private final List<ParameterGroupComparison> groups;
    private final double originalTau;
    private final double reproducedTau;
    private final boolean biasWordsIdentical;

    private ParameterComparison(boolean networkBytesIdentical, List<ParameterGroupComparison> groups, double originalTau,
                                double reproducedTau, boolean biasWordsIdentical) {
        this.networkBytesIdentical = networkBytesIdentical;
        this.groups = Collections.unmodifiableList(new ArrayList<>(groups));
        this.originalTau = originalTau;
        this.reproducedTau = reproducedTau;
        this.biasWordsIdentical = biasWordsIdentical;
    }

    /**
     * Compares the learned values of two models.
     * @param original The saved (or first) model.
     * @param reproduced Its reproduction (or the second model).
     * @return The comparison.
     */
    public static ParameterComparison between(CiderModel original, CiderModel reproduced) {
        List<ParameterGroupComparison> groups = new ArrayList<>();
        Map<String, float[]> a = networkTensors(original);
        Map<String, float[]> b = networkTensors(reproduced);
        Set<String> names = new LinkedHashSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) {
            groups.add(ParameterGroupComparison.of(name, a.get(name), b.get(name)));
        }
        ClassPrototypes pa = original.getPrototypes();
        ClassPrototypes pb = reproduced.getPrototypes();
        for (Modality m : Modality.values()) {
            groups.add(ParameterGroupComparison.of("prototypes." + m.name().toLowerCase(java.util.Locale.ROOT),
                    flatten(pa.prototypes(m)), flatten(pb.prototypes(m))));
        }
        groups.add(ParameterGroupComparison.of("prototypes.priors", pa.priors(), pb.priors()));
        return new ParameterComparison(Arrays.equals(original.getParameters(), reproduced.getParameters()), groups,
                original.getTau(), reproduced.getTau(), original.getBiasWords().equals(reproduced.getBiasWords()));
    }

    /**
     * Fails unless two models have the same network architecture and input layout, so that every parameter of one
     * has a counterpart of the same shape in the other.
     * @param first The first model.
     * @param second The second model.
     * @throws IllegalArgumentException naming both architectures when they differ.
     */
    public static void requireSameArchitecture(CiderModel first, CiderModel second) {
        if (!first.getNetworkSpec().equals(second.getNetworkSpec()) || !first.getLayout().equals(second.getLayout())) {
            throw new IllegalArgumentException("The models have different architectures (" + first.getNetworkSpec().ablations() + ", "
                    + first.getLayout().describe() + " vs " + second.getNetworkSpec().ablations() + ", " + second.getLayout().describe()
                    + "): their parameters cannot be compared");
        }
    }

    /** The network's parameter tensors, loaded from the model's stored bytes into a fresh network on the CPU. */
    private static Map<String, float[]> networkTensors(CiderModel model) {
        NetworkSpec spec = model.getNetworkSpec();
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            MaciNetwork network = spec.build();
            network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(spec, model.getLayout(), model.getPrototypes(), 1));
            network.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(model.getParameters())));
            for (Pair<String, Parameter> p : network.getParameters()) {
                if (p.getValue().isInitialized()) {
                    NDArray array = p.getValue().getArray();
                    out.put(p.getKey(), array.getDataType() == DataType.FLOAT32 ? array.toFloatArray()
                            : array.toType(DataType.FLOAT32, false).toFloatArray());
                }
            }
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("The parameters stored in model '" + model.getName() + "' do not fit its architecture", e);
        }
        return out;
    }

    private static float[] flatten(float[][] rows) {
        int n = 0;
        for (float[] r : rows) {
            n += r.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] r : rows) {
            System.arraycopy(r, 0, out, at, r.length);
            at += r.length;
        }
        return out;
    }

    /**
     * Whether the models hold the same values bit for bit: the same network parameter bytes, prototypes, priors, tau
     * and bias words.
     * @return True when identical.
     */
    public boolean identical() {
        return networkBytesIdentical && differingGroups().isEmpty() && tauIdentical() && biasWordsIdentical;
    }

    /** @return Whether the stored network parameter bytes are identical. */
    public boolean networkBytesIdentical() {
        return networkBytesIdentical;
    }

    /** @return Every compared group: the network's tensors, then prototypes per modality and the priors. */
    public List<ParameterGroupComparison> groups() {
        return groups;
    }

    /** @return The groups whose values differ, in the order of {@link #groups()}. */
    public List<ParameterGroupComparison> differingGroups() {
        List<ParameterGroupComparison> out = new ArrayList<>();
        for (ParameterGroupComparison g : groups) {
            if (!g.identical()) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * The groups whose values differ, largest difference first (groups whose difference is NaN, because their shapes
     * differ or a value is NaN on one side only, come first of all).
     * @return A new list.
     */
    public List<ParameterGroupComparison> differingGroupsLargestFirst() {
        List<ParameterGroupComparison> out = differingGroups();
        out.sort(Comparator.comparingDouble((ParameterGroupComparison g) -> Double.isNaN(g.maxAbsDifference())
                ? Double.POSITIVE_INFINITY : g.maxAbsDifference()).reversed());
        return out;
    }

    /**
     * The largest absolute difference of two values at the same position over every group (tau is not a group).
     * @return The largest difference, 0 when every group is identical, NaN when a group's difference is NaN.
     */
    public double maxAbsDifference() {
        double max = 0;
        for (ParameterGroupComparison g : groups) {
            if (Double.isNaN(g.maxAbsDifference())) {
                return Double.NaN;
            }
            max = Math.max(max, g.maxAbsDifference());
        }
        return max;
    }

    /** @return The number of values compared (the larger side of each group). */
    public long totalValues() {
        long n = 0;
        for (ParameterGroupComparison g : groups) {
            n += Math.max(g.originalSize(), g.reproducedSize());
        }
        return n;
    }

    /** @return The number of values that differ. */
    public long differingValues() {
        long n = 0;
        for (ParameterGroupComparison g : groups) {
            n += g.differing();
        }
        return n;
    }

    /** @return The saved model's tau. */
    public double originalTau() {
        return originalTau;
    }

    /** @return The reproduction's tau. */
    public double reproducedTau() {
        return reproducedTau;
    }

    /** @return Whether both models chose the same tau. */
    public boolean tauIdentical() {
        return Double.compare(originalTau, reproducedTau) == 0;
    }

    /** @return Whether both models keep the same bias words in their counterfactual texts. */
    public boolean biasWordsIdentical() {
        return biasWordsIdentical;
    }
}
