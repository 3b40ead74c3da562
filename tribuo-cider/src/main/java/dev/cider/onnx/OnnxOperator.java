package dev.cider.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX operators the CIDer export uses that Tribuo's {@link ONNXOperators} does not define, at the operator set
 * Tribuo writes into its models ({@link ONNXOperators#getOpsetVersion()}, 13), so that one opset import covers the
 * whole graph.
 * <p>
 * Inputs given as tensors in opset 13 (the shape of {@code Reshape}, the bounds of {@code Slice}, the axes of
 * {@code Squeeze}) are graph inputs here too, not attributes.
 */
public enum OnnxOperator implements ONNXOperator {
    /** Matrix product with NumPy broadcasting of the leading axes. */
    MAT_MUL("MatMul", 2, 0),
    /** Axis permutation; attribute {@code perm}. */
    TRANSPOSE("Transpose", 1, 0, attribute("perm", AttributeType.INTS, true)),
    /** Reshape to the int64 shape given as the second input (0 copies a dimension, -1 is inferred). */
    RESHAPE("Reshape", 2, 0),
    /**
     * Gated recurrent unit: inputs {@code X (T, B, in)}, {@code W (1, 3h, in)}, {@code R (1, 3h, h)}, optionally
     * {@code B (1, 6h)}, {@code sequence_lens}, {@code initial_h}; output {@code Y (T, 1, B, h)}. Gate order
     * update, reset, hidden.
     */
    GRU("GRU", 3, 3,
            attribute("hidden_size", AttributeType.INT, true),
            attribute("linear_before_reset", AttributeType.INT, false),
            attribute("direction", AttributeType.STRING, false)),
    /** Element-wise hyperbolic tangent. */
    TANH("Tanh", 1, 0),
    /** Element-wise rectified linear unit. */
    RELU("Relu", 1, 0),
    /** Element-wise square root. */
    SQRT("Sqrt", 1, 0),
    /** Element-wise natural exponential. */
    EXP("Exp", 1, 0),
    /** Element-wise natural logarithm. */
    LOG("Log", 1, 0),
    /** Element-wise maximum of its (broadcast) inputs. */
    MAX("Max", ONNXAttribute.VARIADIC_INPUT, 0),
    /** Slice with int64 inputs {@code starts}, {@code ends} and optional {@code axes}, {@code steps}. */
    SLICE("Slice", 3, 2),
    /** Removes the size-one axes given as the optional int64 second input. */
    SQUEEZE("Squeeze", 1, 1),
    /** Broadcasts the input to the int64 shape given as the second input. */
    EXPAND("Expand", 2, 0);

    private final String opName;
    private final int numInputs;
    private final int numOptionalInputs;
    private final Map<String, ONNXAttribute> attributes;
    private final Set<String> mandatoryAttributeNames;

    OnnxOperator(String opName, int numInputs, int numOptionalInputs, ONNXAttribute... attributes) {
        this.opName = opName;
        this.numInputs = numInputs;
        this.numOptionalInputs = numOptionalInputs;
        Map<String, ONNXAttribute> map = new LinkedHashMap<>();
        Set<String> mandatory = new LinkedHashSet<>();
        for (ONNXAttribute a : attributes) {
            map.put(a.getName(), a);
            if (a.isMandatory()) {
                mandatory.add(a.getName());
            }
        }
        this.attributes = Collections.unmodifiableMap(map);
        this.mandatoryAttributeNames = Collections.unmodifiableSet(mandatory);
    }

    private static ONNXAttribute attribute(String name, AttributeType type, boolean mandatory) {
        return new ONNXAttribute(name, type, mandatory);
    }

    /** {@inheritDoc} */
    @Override
    public String getOpName() {
        return opName;
    }

    /** {@inheritDoc} */
    @Override
    public int getNumInputs() {
        return numInputs;
    }

    /** {@inheritDoc} */
    @Override
    public int getNumOptionalInputs() {
        return numOptionalInputs;
    }

    /** {@inheritDoc} */
    @Override
    public int getNumOutputs() {
        return 1;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    /** {@inheritDoc} */
    @Override
    public Set<String> getMandatoryAttributeNames() {
        return mandatoryAttributeNames;
    }

    /** {@inheritDoc} */
    @Override
    public int getOpVersion() {
        return ONNXOperators.getOpsetVersion();
    }

    /** {@inheritDoc} */
    @Override
    public String getOpDomain() {
        return null;
    }
}
