package dev.cider.data;

import dev.cider.data.protos.DataLayoutProto;
import dev.cider.data.protos.FeatureSequenceProto;
import dev.cider.data.protos.SpecialTokensProto;
import dev.cider.data.protos.TextInputProto;


/**
 * Converts CIDer's data types to and from their protobuf messages ({@code cider-data.proto}), for the serialised forms
 * of {@link MultimodalExample} and of a model. Reading checks what the constructors check; a malformed message gives
 * an {@link IllegalArgumentException} naming the problem.
 */
public final class DataProtos {

    private DataProtos() {}

    /**
     * The message of a feature sequence: its shape and the padded values up to the last non-zero row.
     * @param sequence The sequence.
     * @return The message.
     */
    public static FeatureSequenceProto toProto(FeatureSequence sequence) {
        float[] padded = sequence.toArray();
        int dim = sequence.dim();
        int rows = sequence.steps();
        while (rows > 0 && isZeroRow(padded, rows - 1, dim)) {
            rows--;
        }
        FeatureSequenceProto.Builder b = FeatureSequenceProto.newBuilder().setSteps(sequence.steps()).setDim(dim)
                .setLength(sequence.length());
        for (int i = 0; i < rows * dim; i++) {
            b.addValues(padded[i]);
        }
        return b.build();
    }

    private static boolean isZeroRow(float[] values, int row, int dim) {
        for (int d = 0; d < dim; d++) {
            // a negative zero is kept, so the values read back bit for bit
            if (Float.floatToRawIntBits(values[row * dim + d]) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The feature sequence of a message written by {@link #toProto(FeatureSequence)}.
     * @param proto The message.
     * @return The sequence.
     * @throws IllegalArgumentException if the shape is invalid or the values do not fit it.
     */
    public static FeatureSequence fromProto(FeatureSequenceProto proto) {
        long padded = (long) proto.getSteps() * proto.getDim();
        int count = proto.getValuesCount();
        if (proto.getSteps() < 0 || proto.getDim() < 0 || padded > Integer.MAX_VALUE || count > padded
                || (proto.getDim() > 0 && count % proto.getDim() != 0)) {
            throw new IllegalArgumentException("Invalid feature sequence: " + count + " values for " + proto.getSteps() + " x "
                    + proto.getDim() + " steps");
        }
        float[] values = new float[(int) padded];
        for (int i = 0; i < count; i++) {
            values[i] = proto.getValues(i);
        }
        return FeatureSequence.wrap(values, proto.getSteps(), proto.getDim(), proto.getLength());
    }

    /**
     * The message of a text input.
     * @param text The text.
     * @return The message.
     */
    public static TextInputProto toProto(TextInput text) {
        TextInputProto.Builder b = TextInputProto.newBuilder().setLength(text.length()).setTruncatedPieces(text.truncatedPieces());
        for (int id : text.tokenIds()) {
            b.addTokenIds(id);
        }
        text.tokenFeatures().ifPresent(f -> b.setTokenFeatures(toProto(f)));
        return b.build();
    }

    /**
     * The text input of a message written by {@link #toProto(TextInput)}.
     * @param proto The message.
     * @return The text.
     * @throws IllegalArgumentException if the length or the token features do not fit the token ids.
     */
    public static TextInput fromProto(TextInputProto proto) {
        int[] ids = proto.getTokenIdsList().stream().mapToInt(Integer::intValue).toArray();
        FeatureSequence features = proto.hasTokenFeatures() ? fromProto(proto.getTokenFeatures()) : null;
        return new TextInput(ids, proto.getLength(), features, proto.getTruncatedPieces());
    }

    /**
     * The message of special token ids.
     * @param tokens The ids.
     * @return The message.
     */
    public static SpecialTokensProto toProto(SpecialTokens tokens) {
        return SpecialTokensProto.newBuilder().setPad(tokens.pad()).setUnk(tokens.unk()).setCls(tokens.cls())
                .setSep(tokens.sep()).setMask(tokens.mask()).build();
    }

    /**
     * The special token ids of a message.
     * @param proto The message.
     * @return The ids.
     */
    public static SpecialTokens fromProto(SpecialTokensProto proto) {
        return new SpecialTokens(proto.getPad(), proto.getUnk(), proto.getCls(), proto.getSep(), proto.getMask());
    }

    /**
     * The message of a data layout.
     * @param layout The layout.
     * @return The message.
     */
    public static DataLayoutProto toProto(DataLayout layout) {
        return DataLayoutProto.newBuilder().setTextSteps(layout.textSteps()).setTextFeatureDim(layout.textFeatureDim())
                .setAudioSteps(layout.audioSteps()).setAudioDim(layout.audioDim()).setVisionSteps(layout.visionSteps())
                .setVisionDim(layout.visionDim()).build();
    }

    /**
     * The data layout of a message.
     * @param proto The message.
     * @return The layout.
     * @throws IllegalArgumentException if a dimension is invalid (for instance a layout missing from its message).
     */
    public static DataLayout fromProto(DataLayoutProto proto) {
        return new DataLayout(proto.getTextSteps(), proto.getTextFeatureDim(), proto.getAudioSteps(), proto.getAudioDim(),
                proto.getVisionSteps(), proto.getVisionDim());
    }
}
