package dev.cider.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.cider.maci.MaciNetwork;
import dev.cider.runtime.NetworkInputs;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter-by-parameter difference between two CIDer models of the same architecture: for each network
 * parameter the largest absolute difference and how many of its float values differ in any bit. Used to tell whether
 * two trainings (e.g. on two machines or under two numerics settings) produced the same model.
 */
public final class ParameterComparison {

    /**
     * One parameter's difference.
     * @param name The parameter's path in the network.
     * @param size Its number of values.
     * @param maxAbsDifference The largest |a - b| over its values (NaN if a value is NaN in one model only).
     * @param differingValues How many values differ in any bit.
     */
    public record ParameterDifference(String name, long size, double maxAbsDifference, long differingValues) {
        /** @return True if every value is bit-identical. */
        public boolean bitIdentical() {
            return differingValues == 0;
        }
    }

    private final List<ParameterDifference> parameters;

    private ParameterComparison(List<ParameterDifference> parameters) {
        this.parameters = Collections.unmodifiableList(parameters);
    }

    /**
     * Compares the network parameters of two models.
     * @param a The first model.
     * @param b The second model.
     * @return The comparison.
     * @throws IllegalArgumentException if the models have different architectures (parameter names or shapes).
     */
    public static ParameterComparison of(CiderModel a, CiderModel b) {
        if (!a.getNetworkSpec().equals(b.getNetworkSpec()) || !a.getLayout().equals(b.getLayout())) {
            throw new IllegalArgumentException("The models have different architectures (" + a.getNetworkSpec().ablations() + ", "
                    + a.getLayout().describe() + " vs " + b.getNetworkSpec().ablations() + ", " + b.getLayout().describe()
                    + "): their parameters cannot be compared");
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, float[]> first = values(a, manager);
            Map<String, float[]> second = values(b, manager);
            if (!first.keySet().equals(second.keySet())) {
                throw new IllegalArgumentException("The models' networks have different parameters: " + first.keySet() + " vs " + second.keySet());
            }
            List<ParameterDifference> diffs = new ArrayList<>(first.size());
            for (Map.Entry<String, float[]> e : first.entrySet()) {
                diffs.add(compare(e.getKey(), e.getValue(), second.get(e.getKey())));
            }
            return new ParameterComparison(diffs);
        }
    }

    private static Map<String, float[]> values(CiderModel model, NDManager manager) {
        MaciNetwork network = model.getNetworkSpec().build();
        network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(model.getNetworkSpec(), model.getLayout(), model.getPrototypes(), 1));
        try {
            network.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(model.getParameters())));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalArgumentException("The parameters stored in model '" + model.getName() + "' do not fit its architecture", e);
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (p.getValue().isInitialized()) {
                values.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }

    private static ParameterDifference compare(String name, float[] x, float[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Parameter " + name + " has " + x.length + " values in one model and " + y.length + " in the other");
        }
        double max = 0;
        long differing = 0;
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                differing++;
                max = Math.max(max, Math.abs((double) x[i] - (double) y[i]));
            }
        }
        return new ParameterDifference(name, x.length, max, differing);
    }

    /** @return Every parameter's difference, in the network's parameter order. */
    public List<ParameterDifference> parameters() {
        return parameters;
    }

    /** @return True if every value of every parameter is bit-identical. */
    public boolean bitIdentical() {
        return parameters.stream().allMatch(ParameterDifference::bitIdentical);
    }

    /** @return The largest absolute difference over all parameters (NaN if a NaN differs). */
    public double maxAbsDifference() {
        double max = 0;
        for (ParameterDifference d : parameters) {
            max = Math.max(max, d.maxAbsDifference());
        }
        return max;
    }

    /** @return The number of values that differ in any bit. */
    public long differingValues() {
        return parameters.stream().mapToLong(ParameterDifference::differingValues).sum();
    }

    /** @return The number of values compared. */
    public long size() {
        return parameters.stream().mapToLong(ParameterDifference::size).sum();
    }
}
