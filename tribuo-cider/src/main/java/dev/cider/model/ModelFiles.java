package dev.cider.model;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads saved Tribuo models (CIDer or any other classifier) with errors that name the file and say what is wrong
 * with it: missing, a directory, empty, truncated or not a Tribuo model at all, or a model of another output type.
 * Tribuo's own reader reports an empty file as "Failed to find class " followed by a blank class name.
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    /**
     * Reads a model saved with {@link Model#serializeToFile}.
     * @param path The model file.
     * @return The model.
     * @throws IOException naming the path if there is no such file, it is empty, or it is not a readable Tribuo model.
     */
    public static Model<?> read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException("Model file " + path.toAbsolutePath() + " is a directory, not a model file");
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("No model file at " + path.toAbsolutePath());
        }
        long size = Files.size(path);
        if (size == 0) {
            throw new IOException("Model file " + path.toAbsolutePath() + " is empty (0 bytes), not a Tribuo model file");
        }
        ModelProto proto;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            proto = ModelProto.parseFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException("Model file " + path.toAbsolutePath() + " (" + size + " bytes) is not a Tribuo model file, or"
                    + " is truncated: " + e.getMessage(), e);
        }
        if (proto.getClassName().isEmpty()) {
            throw new IOException("Model file " + path.toAbsolutePath() + " (" + size + " bytes) is not a Tribuo model file: it"
                    + " names no model class (truncated, or written by another program)");
        }
        try {
            return Model.deserialize(proto);
        } catch (RuntimeException e) {
            throw new IOException("Model file " + path.toAbsolutePath() + " holds a " + proto.getClassName()
                    + " that cannot be read (truncated, or written by another version): " + describe(e), e);
        }
    }

    /**
     * Reads a saved classification model.
     * @param path The model file.
     * @return The model.
     * @throws IOException naming the path if {@link #read} fails or the model does not predict {@link Label}s.
     */
    @SuppressWarnings("unchecked")
    public static Model<Label> readClassifier(Path path) throws IOException {
        Model<?> m = read(path);
        if (!(m.getOutputIDInfo().getDomain().iterator().next() instanceof Label)) {
            throw new IOException("Model file " + path.toAbsolutePath() + " holds a " + m.getClass().getSimpleName()
                    + " that does not predict classification labels");
        }
        return (Model<Label>) m;
    }

    /** An exception's message, with its class when it has none, and its cause's message when that says more. */
    private static String describe(Throwable e) {
        String msg = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        Throwable c = e.getCause();
        return c != null && c.getMessage() != null && !msg.contains(c.getMessage()) ? msg + " (" + c.getMessage() + ")" : msg;
    }
}
