package dev.cider.text;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The inputs and output of a BERT-family ONNX model as {@link OnnxTextEncoder} uses them, read from the session
 * metadata: {@code input_ids} and {@code attention_mask} (required, int64 or int32, {@code B x T}),
 * {@code token_type_ids} (optional, fed zeros), and one float output {@code B x T x d}.
 */
final class OnnxModelSignature {
    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    static final String DEFAULT_OUTPUT = "last_hidden_state";

    final OnnxJavaType idsType;
    final OnnxJavaType maskType;
    final OnnxJavaType tokenTypesType; // null if the model has no token_type_ids input
    final String output;
    final long outputDim; // -1 if the metadata leaves it symbolic

    private OnnxModelSignature(OnnxJavaType idsType, OnnxJavaType maskType, OnnxJavaType tokenTypesType, String output, long outputDim) {
        this.idsType = idsType;
        this.maskType = maskType;
        this.tokenTypesType = tokenTypesType;
        this.output = output;
        this.outputDim = outputDim;
    }

    /**
     * Reads and checks the signature of a session.
     * @param session The session.
     * @param requestedOutput The output to use, or empty to pick {@value #DEFAULT_OUTPUT} or the only rank-3 float output.
     * @param modelName The model, for error messages.
     * @return The signature.
     * @throws IllegalArgumentException naming the model and what it lacks.
     * @throws OrtException if the metadata cannot be read.
     */
    static OnnxModelSignature of(OrtSession session, String requestedOutput, String modelName) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        for (String name : inputs.keySet()) {
            if (!name.equals(INPUT_IDS) && !name.equals(ATTENTION_MASK) && !name.equals(TOKEN_TYPE_IDS)) {
                throw new IllegalArgumentException("ONNX model " + modelName + " has an unsupported input '" + name
                        + "'; a BERT-family text encoder takes " + INPUT_IDS + ", " + ATTENTION_MASK + " and optionally "
                        + TOKEN_TYPE_IDS + " (inputs found: " + inputs.keySet() + ")");
            }
        }
        OnnxJavaType ids = integerInput(inputs, INPUT_IDS, modelName, true);
        OnnxJavaType mask = integerInput(inputs, ATTENTION_MASK, modelName, true);
        OnnxJavaType types = integerInput(inputs, TOKEN_TYPE_IDS, modelName, false);

        Map<String, NodeInfo> outputs = session.getOutputInfo();
        String chosen;
        if (requestedOutput != null && !requestedOutput.isEmpty()) {
            if (!outputs.containsKey(requestedOutput)) {
                throw new IllegalArgumentException("ONNX model " + modelName + " has no output '" + requestedOutput
                        + "' (outputs found: " + outputs.keySet() + ")");
            }
            chosen = requestedOutput;
        } else if (outputs.containsKey(DEFAULT_OUTPUT)) {
            chosen = DEFAULT_OUTPUT;
        } else {
            List<String> candidates = new ArrayList<>();
            for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
                if (isTokenFeatureTensor(e.getValue())) {
                    candidates.add(e.getKey());
                }
            }
            if (candidates.size() != 1) {
                throw new IllegalArgumentException("ONNX model " + modelName + " has no output '" + DEFAULT_OUTPUT + "' and "
                        + candidates.size() + " float outputs of rank 3 " + candidates + "; name the token feature output explicitly");
            }
            chosen = candidates.get(0);
        }
        NodeInfo info = outputs.get(chosen);
        if (!isTokenFeatureTensor(info)) {
            throw new IllegalArgumentException("ONNX model " + modelName + ": output '" + chosen
                    + "' is not a float tensor of shape batch x tokens x features: " + info.getInfo());
        }
        long dim = ((TensorInfo) info.getInfo()).getShape()[2];
        return new OnnxModelSignature(ids, mask, types, chosen, dim > 0 ? dim : -1);
    }

    private static boolean isTokenFeatureTensor(NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo)) {
            return false;
        }
        TensorInfo t = (TensorInfo) node.getInfo();
        return t.type == OnnxJavaType.FLOAT && t.getShape().length == 3;
    }

    private static OnnxJavaType integerInput(Map<String, NodeInfo> inputs, String name, String modelName, boolean required) {
        NodeInfo node = inputs.get(name);
        if (node == null) {
            if (required) {
                throw new IllegalArgumentException("ONNX model " + modelName + " lacks the input '" + name
                        + "' of a BERT-family text encoder (inputs found: " + inputs.keySet() + ")");
            }
            return null;
        }
        if (!(node.getInfo() instanceof TensorInfo)) {
            throw new IllegalArgumentException("ONNX model " + modelName + ": input '" + name + "' is not a tensor: " + node.getInfo());
        }
        TensorInfo t = (TensorInfo) node.getInfo();
        if ((t.type != OnnxJavaType.INT64 && t.type != OnnxJavaType.INT32) || t.getShape().length != 2) {
            throw new IllegalArgumentException("ONNX model " + modelName + ": input '" + name
                    + "' must be an int64 or int32 tensor of shape batch x tokens, found " + t.type + " " + Arrays.toString(t.getShape()));
        }
        return t.type;
    }
}
