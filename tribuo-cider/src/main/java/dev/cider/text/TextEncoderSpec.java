package dev.cider.text;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.cider.data.FeatureSequence;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The OLCUT configuration of a {@link TextEncoder} (its class, its {@code @Config} values as strings, and the hash of
 * the model it ran), small enough to store in a model file and rebuild the same encoder from, for instance for the
 * counterfactual pass of a loaded CIDer model in token-feature mode.
 *
 * @param className  The encoder class.
 * @param properties Its configured properties (simple values only).
 * @param modelHash  The SHA-256 of the model bytes the encoder ran when recorded.
 */
public record TextEncoderSpec(String className, Map<String, String> properties, String modelHash) implements java.io.Serializable {
    private static final Logger logger = Logger.getLogger(TextEncoderSpec.class.getName());

    private static final String CLASS = "class";
    private static final String HASH = "modelHash";
    private static final String PROPERTY = "property.";

    /**
     * Copies the map.
     */
    public TextEncoderSpec {
        properties = Map.copyOf(properties);
    }

    /**
     * The configuration of a live encoder, read from its provenance.
     * @param encoder The encoder.
     * @return The spec, or empty if the encoder records no configured provenance or has a list or map property.
     */
    public static Optional<TextEncoderSpec> of(TextEncoder encoder) {
        if (!(encoder instanceof Provenancable)) {
            return Optional.empty();
        }
        Object prov = ((Provenancable<?>) encoder).getProvenance();
        if (!(prov instanceof ConfiguredObjectProvenance)) {
            return Optional.empty();
        }
        List<ConfigurationData> data = ProvenanceUtil.extractConfiguration((ConfiguredObjectProvenance) prov);
        ConfigurationData root = data.get(0);
        Map<String, String> props = new LinkedHashMap<>();
        for (Map.Entry<String, Property> e : root.getProperties().entrySet()) {
            if (!(e.getValue() instanceof SimpleProperty)) {
                return Optional.empty();
            }
            props.put(e.getKey(), ((SimpleProperty) e.getValue()).getValue());
        }
        return Optional.of(new TextEncoderSpec(root.getClassName(), props, encoder.modelHash()));
    }

    /**
     * The configuration of the text encoder recorded in a provenance tree, for instance the
     * {@link dev.cider.text.EncodedTextSource} of a model's training data: the first
     * {@link TextEncoderProvenance} found (depth first) whose feature dimension is {@code dim}.
     * @param root The provenance to search, e.g. a model's.
     * @param dim The token feature dimension the encoder must give.
     * @return The spec, or empty when the tree records no such encoder (or it has a list or map property).
     */
    public static Optional<TextEncoderSpec> fromProvenance(Provenance root, int dim) {
        if (root instanceof TextEncoderProvenance) {
            TextEncoderProvenance p = (TextEncoderProvenance) root;
            Provenance recordedDim = p.getInstanceValues().get(TextEncoderProvenance.OUTPUT_DIM);
            Provenance hash = p.getInstanceValues().get(TextEncoderProvenance.MODEL_HASH);
            if (recordedDim instanceof IntProvenance && ((IntProvenance) recordedDim).getValue() == dim && hash instanceof HashProvenance) {
                return fromConfiguration(ProvenanceUtil.extractConfiguration(p).get(0), ((HashProvenance) hash).getValue());
            }
        }
        Iterable<?> children = root instanceof ObjectProvenance ? (ObjectProvenance) root
                : root instanceof ListProvenance ? (ListProvenance<?>) root
                : root instanceof MapProvenance ? ((MapProvenance<?>) root).getMap().values() : List.of();
        for (Object child : children) {
            Object value = child instanceof Pair ? ((Pair<?, ?>) child).getB() : child;
            if (value instanceof Provenance) {
                Optional<TextEncoderSpec> found = fromProvenance((Provenance) value, dim);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<TextEncoderSpec> fromConfiguration(ConfigurationData root, String hash) {
        Map<String, String> props = new LinkedHashMap<>();
        for (Map.Entry<String, Property> e : root.getProperties().entrySet()) {
            if (!(e.getValue() instanceof SimpleProperty)) {
                return Optional.empty();
            }
            props.put(e.getKey(), ((SimpleProperty) e.getValue()).getValue());
        }
        return Optional.of(new TextEncoderSpec(root.getClassName(), props, hash));
    }

    /**
     * The spec as string entries under a prefix (for a model's settings map).
     * @param prefix The prefix, e.g. {@code textEncoder.}.
     * @return The entries.
     */
    public Map<String, String> toMap(String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(prefix + CLASS, className);
        m.put(prefix + HASH, modelHash);
        properties.forEach((k, v) -> m.put(prefix + PROPERTY + k, v));
        return m;
    }

    /**
     * Reads a spec written by {@link #toMap}.
     * @param m The settings map.
     * @param prefix The prefix.
     * @return The spec, or empty when the map holds none.
     */
    public static Optional<TextEncoderSpec> fromMap(Map<String, String> m, String prefix) {
        String cls = m.get(prefix + CLASS);
        if (cls == null) {
            return Optional.empty();
        }
        Map<String, String> props = new LinkedHashMap<>();
        String p = prefix + PROPERTY;
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey().startsWith(p)) {
                props.put(e.getKey().substring(p.length()), e.getValue());
            }
        }
        return Optional.of(new TextEncoderSpec(cls, props, m.getOrDefault(prefix + HASH, "")));
    }

    /**
     * Creates the encoder again through OLCUT and checks that it runs the same model.
     * @return The encoder, or empty (with a warning naming the reason) if it cannot be created or its model hash
     * differs from the recorded one.
     */
    public Optional<TextEncoder> rebuild() {
        try {
            return Optional.of(build());
        } catch (IllegalStateException e) {
            logger.warning(e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Creates the encoder again through OLCUT and checks that it runs the same model, failing with the reason.
     * @return The encoder; close it when done.
     * @throws IllegalStateException naming the encoder and why it cannot be created (a missing model file, a class
     * that is not a text encoder, a model with another hash than the recorded one).
     */
    public TextEncoder build() {
        Configurable c;
        try {
            Map<String, Property> props = new LinkedHashMap<>();
            properties.forEach((k, v) -> props.put(k, new SimpleProperty(v)));
            ConfigurationManager cm = new ConfigurationManager();
            cm.addConfiguration(new ConfigurationData("text-encoder", className, props));
            c = cm.lookup("text-encoder");
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot rebuild the text encoder " + className + " " + properties + ": " + e.getMessage(), e);
        }
        if (!(c instanceof TextEncoder)) {
            throw new IllegalStateException("Recorded text encoder class " + className + " is not a TextEncoder");
        }
        TextEncoder encoder = (TextEncoder) c;
        if (!modelHash.isEmpty() && !modelHash.equals(encoder.modelHash())) {
            String found = encoder.modelHash();
            encoder.close();
            throw new IllegalStateException("The rebuilt text encoder " + className + " runs a model with hash " + found
                    + ", the model was trained with " + modelHash);
        }
        return encoder;
    }

    /**
     * The counterfactual-text operator of token-feature mode: encodes the counterfactual text (bias words kept, the
     * other droppable tokens [MASK]) with the encoder; under {@link MissingTokenEncoding#ZEROED} the rows of tokens
     * that were missing in the input ([UNK] at droppable positions) are zeroed again, as in the input.
     * @param encoder The encoder.
     * @param cache A cache for repeated texts, or null.
     * @param missing How missing tokens are represented.
     * @param special The special tokens.
     * @return The operator.
     */
    public static UnaryOperator<TextInput> counterfactualOperator(TextEncoder encoder, TokenFeatureCache cache,
                                                                  MissingTokenEncoding missing, SpecialTokens special) {
        return text -> {
            FeatureSequence f = TokenFeatures.encode(List.of(text), encoder, cache).get(0);
            if (missing == MissingTokenEncoding.ZEROED) {
                boolean[] keep = new boolean[text.steps()];
                for (int t = 0; t < keep.length; t++) {
                    keep[t] = !(text.isDroppable(t, special) && text.tokenId(t) == special.unk());
                }
                f = f.withDroppedSteps(keep);
            }
            return text.withTokenFeatures(f);
        };
    }
}
