package dev.cider.nn.bert;

/**
 * An ONNX model shipped as a classpath resource inside a Maven artifact, so that {@link BertWeights} can read a
 * pretrained encoder's weights without knowing which catalogue of models it comes from (the text layer's
 * {@code dev.cider.text.MiniLmModel} is one).
 */
public interface ClasspathOnnxModel {
    /**
     * The classpath resource holding the ONNX model.
     * @return The resource name.
     */
    String resource();

    /**
     * The Maven artifact (group:artifact) that ships the resource, named in the error when it is missing.
     * @return The artifact coordinates.
     */
    String artifact();
}
