package dev.cider.eval.utterance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cider.data.Modality;
import dev.cider.model.Utterance;
import dev.cider.model.UtteranceFrames;
import dev.cider.model.UtterancePrediction;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a new utterance and of its prediction, shared by {@code cider predict --jsonl} (one object per line)
 * and {@code cider serve} (one object or an array of them).
 * <p>
 * An utterance is an object with the fields
 * <ul>
 *     <li>{@code "text"} (required): the transcript, a non-empty string;</li>
 *     <li>{@code "id"} (optional): a string or a number; a default id is used when absent;</li>
 *     <li>{@code "audio"}, {@code "vision"} (optional): the frames, either an array of rows
 *     ({@code [[f00, f01, ...], [f10, ...], ...]}) or {@code {"shape": [T, D], "data": [T*D numbers, row-major]}};
 *     absent or {@code null} declares the modality missing.</li>
 * </ul>
 * Any other field is refused (a misspelt {@code "audio"} must not quietly make the audio missing).
 * <p>
 * A prediction is {@code {"id": ..., "label": ..., "probabilities": {class: p, ...}, "missing": ["audio", ...],
 * "notes": [...]}}.
 */
public final class UtteranceJson {

    /** The shared mapper (thread-safe once configured). */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Set<String> FIELDS = Set.of("id", "text", "audio", "vision");

    private UtteranceJson() {
    }

    /**
     * Parses one JSON text holding an utterance object.
     * @param json The text.
     * @param defaultId The id when the object has none.
     * @return The utterance.
     * @throws IllegalArgumentException saying what is wrong (malformed JSON, a missing or mistyped field).
     */
    public static Utterance parse(String json, String defaultId) {
        return fromJson(readTree(json), defaultId);
    }

    /**
     * Reads a JSON text.
     * @param json The text.
     * @return Its tree.
     * @throws IllegalArgumentException with the parser's message if it is not valid JSON.
     */
    static JsonNode readTree(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("malformed JSON: no value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * An utterance from a parsed object.
     * @param node The object.
     * @param defaultId The id when the object has none.
     * @return The utterance.
     * @throws IllegalArgumentException saying what is wrong.
     */
    public static Utterance fromJson(JsonNode node, String defaultId) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with a \"text\" field, found " + kind(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field \"" + name + "\" (the fields are id, text, audio and vision)");
            }
        }
        JsonNode idNode = node.get("id");
        String id;
        if (idNode == null || idNode.isNull()) {
            id = defaultId;
        } else if (idNode.isTextual() || idNode.isNumber()) {
            id = idNode.asText();
        } else {
            throw new IllegalArgumentException("\"id\" must be a string or a number, found " + kind(idNode));
        }
        JsonNode textNode = node.get("text");
        if (textNode == null || textNode.isNull()) {
            throw new IllegalArgumentException("utterance '" + id + "' has no \"text\"");
        }
        if (!textNode.isTextual()) {
            throw new IllegalArgumentException("utterance '" + id + "': \"text\" must be a string, found " + kind(textNode));
        }
        return new Utterance(id, textNode.asText(), frames(node, Modality.AUDIO, id), frames(node, Modality.VISION, id));
    }

    private static UtteranceFrames frames(JsonNode utterance, Modality m, String id) {
        JsonNode node = utterance.get(m.displayName());
        if (node == null || node.isNull()) {
            return null;
        }
        String what = "utterance '" + id + "': \"" + m.displayName() + "\"";
        try {
            if (node.isArray()) {
                return rows((ArrayNode) node, what);
            }
            if (node.isObject()) {
                return shaped(node, what);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(what) ? e.getMessage() : what + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(what + " must be an array of frames or {\"shape\": [T, D], \"data\": [...]}, found " + kind(node));
    }

    private static UtteranceFrames rows(ArrayNode node, String what) {
        float[][] rows = new float[node.size()][];
        for (int t = 0; t < rows.length; t++) {
            JsonNode row = node.get(t);
            if (!row.isArray()) {
                throw new IllegalArgumentException(what + " frame " + t + " must be an array of numbers, found " + kind(row));
            }
            rows[t] = numbers(row, what + " frame " + t);
        }
        return UtteranceFrames.ofRows(rows);
    }

    private static UtteranceFrames shaped(JsonNode node, String what) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("shape") && !name.equals("data")) {
                throw new IllegalArgumentException(what + " has an unknown field \"" + name + "\" (expected shape and data)");
            }
        }
        JsonNode shape = node.get("shape");
        JsonNode data = node.get("data");
        if (shape == null || !shape.isArray() || shape.size() != 2 || !shape.get(0).canConvertToInt() || !shape.get(1).canConvertToInt()
                || !shape.get(0).isIntegralNumber() || !shape.get(1).isIntegralNumber()) {
            throw new IllegalArgumentException(what + " needs \"shape\": [T, D], two integers");
        }
        if (data == null || !data.isArray()) {
            throw new IllegalArgumentException(what + " needs \"data\": an array of T*D numbers, row-major");
        }
        return new UtteranceFrames(shape.get(0).intValue(), shape.get(1).intValue(), numbers(data, what + " data"));
    }

    private static float[] numbers(JsonNode array, String what) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber()) {
                throw new IllegalArgumentException(what + " value " + i + " is " + kind(v) + ", not a number");
            }
            out[i] = (float) v.doubleValue();
        }
        return out;
    }

    private static String kind(JsonNode node) {
        String type = node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        return node.isValueNode() ? type + " " + node.toString() : type;
    }

    /**
     * The JSON object of a prediction.
     * @param p The prediction.
     * @return The object.
     */
    public static ObjectNode toJson(UtterancePrediction p) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", p.id());
        o.put("label", p.label());
        ObjectNode probabilities = o.putObject("probabilities");
        for (Map.Entry<String, Double> e : p.probabilities().entrySet()) {
            probabilities.put(e.getKey(), e.getValue());
        }
        ArrayNode missing = o.putArray("missing");
        p.missing().forEach(m -> missing.add(m.displayName()));
        ArrayNode notes = o.putArray("notes");
        p.notes().forEach(notes::add);
        return o;
    }

    /**
     * A JSON error object {@code {"error": message}}.
     * @param message The message.
     * @return The object as compact JSON text.
     */
    public static String error(String message) {
        return MAPPER.createObjectNode().put("error", message).toString();
    }
}
