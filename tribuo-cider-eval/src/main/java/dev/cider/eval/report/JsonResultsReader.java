package dev.cider.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cider.data.SentimentTask;
import dev.cider.metrics.SentimentMetric;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code results.json} written by {@link JsonResults} back into numbers and provenance, for tests and for
 * comparing runs.
 * <p>
 * The document: {@code format} ({@value JsonResults#FORMAT}), {@code formatVersion}, {@code title},
 * {@code description}, {@code metadata} and {@code trainingNotes} (string maps), and {@code results}, an array of
 * objects with {@code setting}, {@code system}, {@code task} ({@code BINARY} or {@code SEVEN}), {@code sweep}
 * ({@code pattern}, {@code seed}, and {@code rates} or {@code subsets}), {@code points} (each with {@code label},
 * {@code rate} (null for a subset), {@code size}, {@code metrics} keyed by metric key with null for undefined
 * values, {@code confusionMatrices}, {@code tribuo}), {@code auilc} (keyed by metric key), and
 * {@code modelProvenance} and {@code dataProvenance} (each {@code className} and {@code marshalled}, OLCUT's JSON
 * provenance form; the model's also has {@code trainerClassName}).
 */
public final class JsonResultsReader {

    private JsonResultsReader() {
    }

    /**
     * Reads a results file.
     * @param file The file.
     * @return The comparison.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException if it is not a results document of a known version; the message names the
     *     file and the offending field.
     */
    public static StoredComparison read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses a results document.
     * @param json The text.
     * @param source A name for the text in error messages (e.g. its path).
     * @return The comparison.
     * @throws IllegalArgumentException if the text is not a results document of a known version.
     */
    public static StoredComparison parse(String json, String source) {
        ObjectMapper mapper = JsonResults.mapper();
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + " does not hold a JSON object");
        }
        String format = text(root, "format", source);
        if (!JsonResults.FORMAT.equals(format)) {
            throw new IllegalArgumentException(source + " has format '" + format + "', expected '" + JsonResults.FORMAT + "'");
        }
        int version = field(root, "formatVersion", source).asInt(-1);
        if (version != JsonResults.VERSION) {
            throw new IllegalArgumentException(source + " has format version " + field(root, "formatVersion", source)
                    + ", this reader knows version " + JsonResults.VERSION);
        }
        List<StoredSweep> sweeps = new ArrayList<>();
        JsonNode results = field(root, "results", source);
        if (!results.isArray()) {
            throw new IllegalArgumentException(source + ": 'results' is not an array");
        }
        for (int i = 0; i < results.size(); i++) {
            sweeps.add(sweep(results.get(i), source + ": results[" + i + "]"));
        }
        return new StoredComparison(text(root, "title", source), text(root, "description", source),
                strings(field(root, "metadata", source), source + ": metadata"),
                strings(field(root, "trainingNotes", source), source + ": trainingNotes"), sweeps);
    }

    private static StoredSweep sweep(JsonNode node, String where) {
        String setting = text(node, "setting", where);
        String system = text(node, "system", where);
        String taskName = text(node, "task", where);
        SentimentTask task;
        try {
            task = SentimentTask.valueOf(taskName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": unknown task '" + taskName + "'", e);
        }
        JsonNode sweep = field(node, "sweep", where);
        String pattern = text(sweep, "pattern", where + ".sweep");
        JsonNode seed = field(sweep, "seed", where + ".sweep");
        if (!seed.canConvertToLong()) {
            throw new IllegalArgumentException(where + ".sweep: seed " + seed + " is not an integer");
        }
        JsonNode pointsNode = field(node, "points", where);
        List<CurvePoint> points = new ArrayList<>();
        for (int i = 0; i < pointsNode.size(); i++) {
            points.add(point(pointsNode.get(i), task, where + ".points[" + i + "]"));
        }
        SweepCurve curve;
        try {
            curve = new SweepCurve(setting, system, pattern, task, seed.asLong(), points);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        Map<SentimentMetric, Double> auilc = metricValues(field(node, "auilc", where), task, where + ".auilc");
        JsonNode model = field(node, "modelProvenance", where);
        JsonNode data = field(node, "dataProvenance", where);
        return new StoredSweep(curve, auilc, className(model, "className"), className(model, "trainerClassName"),
                className(data, "className"), provenanceJson(model, where + ".modelProvenance"),
                provenanceJson(data, where + ".dataProvenance"));
    }

    private static CurvePoint point(JsonNode node, SentimentTask task, String where) {
        String label = text(node, "label", where);
        JsonNode rate = field(node, "rate", where);
        if (!rate.isNull() && !rate.isNumber()) {
            throw new IllegalArgumentException(where + ": rate " + rate + " is not a number");
        }
        JsonNode size = field(node, "size", where);
        if (!size.canConvertToInt()) {
            throw new IllegalArgumentException(where + ": size " + size + " is not an integer");
        }
        Map<SentimentMetric, Double> values = metricValues(field(node, "metrics", where), task, where + ".metrics");
        return new CurvePoint(label, rate.isNull() ? Double.NaN : rate.asDouble(), size.asInt(), values);
    }

    private static Map<SentimentMetric, Double> metricValues(JsonNode node, SentimentTask task, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not an object");
        }
        Map<SentimentMetric, Double> out = new EnumMap<>(SentimentMetric.class);
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            SentimentMetric m;
            try {
                m = SentimentMetric.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
            }
            if (m.task() != task) {
                throw new IllegalArgumentException(where + ": metric '" + e.getKey() + "' does not belong to the " + task.name() + " task");
            }
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isNumber()) {
                throw new IllegalArgumentException(where + ": the value of '" + e.getKey() + "' is not a number: " + v);
            }
            out.put(m, v.isNull() ? Double.NaN : v.asDouble());
        }
        return out;
    }

    private static String provenanceJson(JsonNode node, String where) {
        if (node.isNull()) {
            return null;
        }
        JsonNode marshalled = field(node, "marshalled", where);
        if (!marshalled.isArray() || marshalled.isEmpty()) {
            throw new IllegalArgumentException(where + ".marshalled is not a non-empty array of marshalled provenances");
        }
        return marshalled.toString();
    }

    private static String className(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Map<String, String> strings(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static JsonNode field(JsonNode node, String name, String where) {
        JsonNode n = node.get(name);
        if (n == null) {
            throw new IllegalArgumentException(where + " has no field '" + name + "'");
        }
        return n;
    }

    private static String text(JsonNode node, String name, String where) {
        JsonNode n = field(node, name, where);
        if (!n.isTextual()) {
            throw new IllegalArgumentException(where + ": '" + name + "' is not a string: " + n);
        }
        return n.asText();
    }
}
