package dev.cider.text;

import ai.onnx.proto.OnnxMl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny ONNX models written by the tests: a BERT-shaped lookup model and a model with the wrong inputs.
 */
public final class OnnxTestModels {
    static final int VOCAB = 4000;
    static final int DIM = 8;

    private OnnxTestModels() {
    }

    /** The embedding value of token {@code id}, dimension {@code d}, in {@link #writeLookupModel}. */
    static float embedding(int id, int d) {
        return id / 100f + d / 10f;
    }

    /**
     * A model with inputs input_ids and attention_mask (no token_type_ids) and one output named "hidden"
     * ({@code B x T x 8}): the embedding row of each id times its mask.
     * @param file The file to write.
     * @throws IOException on failure.
     */
    public static void writeLookupModel(Path file) throws IOException {
        OnnxMl.TensorProto.Builder emb = OnnxMl.TensorProto.newBuilder().setName("emb").addDims(VOCAB).addDims(DIM)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (int id = 0; id < VOCAB; id++) {
            for (int d = 0; d < DIM; d++) {
                emb.addFloatData(embedding(id, d));
            }
        }
        OnnxMl.TensorProto axes = OnnxMl.TensorProto.newBuilder().setName("axes").addDims(1)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addInt64Data(2).build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("lookup")
                .addInitializer(emb).addInitializer(axes)
                .addInput(tensor("input_ids", OnnxMl.TensorProto.DataType.INT64, "b", "t"))
                .addInput(tensor("attention_mask", OnnxMl.TensorProto.DataType.INT64, "b", "t"))
                .addNode(node("Gather", new String[]{"emb", "input_ids"}, "gathered"))
                .addNode(node("Cast", new String[]{"attention_mask"}, "mask_f").toBuilder()
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to")
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                                .setI(OnnxMl.TensorProto.DataType.FLOAT.getNumber())))
                .addNode(node("Unsqueeze", new String[]{"mask_f", "axes"}, "mask_3d"))
                .addNode(node("Mul", new String[]{"gathered", "mask_3d"}, "hidden"))
                .addOutput(tensor("hidden", OnnxMl.TensorProto.DataType.FLOAT, "b", "t", DIM))
                .build();
        write(file, graph);
    }

    /**
     * A model whose only input is a float tensor "x" (not a text encoder).
     * @param file The file to write.
     * @throws IOException on failure.
     */
    public static void writeIdentityModel(Path file) throws IOException {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("identity")
                .addInput(tensor("x", OnnxMl.TensorProto.DataType.FLOAT, "b", "t", DIM))
                .addNode(node("Identity", new String[]{"x"}, "y"))
                .addOutput(tensor("y", OnnxMl.TensorProto.DataType.FLOAT, "b", "t", DIM))
                .build();
        write(file, graph);
    }

    private static void write(Path file, OnnxMl.GraphProto graph) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("tribuo-cider-test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build();
        Files.write(file, model.toByteArray());
    }

    private static OnnxMl.NodeProto node(String op, String[] inputs, String output) {
        OnnxMl.NodeProto.Builder b = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addOutput(output);
        for (String in : inputs) {
            b.addInput(in);
        }
        return b.build();
    }

    private static OnnxMl.ValueInfoProto tensor(String name, OnnxMl.TensorProto.DataType type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Integer) {
                dim.setDimValue((Integer) d);
            } else {
                dim.setDimParam((String) d);
            }
            shape.addDim(dim);
        }
        OnnxMl.TypeProto.Tensor.Builder tensor = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
