package dev.cider.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cider.data.SentimentTask;
import dev.cider.eval.stats.Estimate;
import dev.cider.eval.stats.Quantity;
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
 * Reads {@code results.json} written by {@link JsonResults} back into numbers and provenance, for tests, for
 * {@code cider reproduce} and for comparing runs.
 * <p>
 * The document (format version {@value JsonResults#VERSION}): {@code format} ({@value JsonResults#FORMAT}),
 * {@code formatVersion}, {@code title}, {@code description}, {@code metadata} and {@code trainingNotes} (string maps),
 * {@code uncertainty} ({@code trainingSeeds}, {@code maskSeeds}, {@code level}, {@code bootstrapReplicates},
 * {@code bootstrapSeed} and descriptions), {@code experimentProvenance} (the experiment's configuration, OLCUT's JSON
 * provenance form, null when not recorded), {@code environment} (string map, the numerics environment of the process that
 * ran the experiment; may be absent), {@code curves} (each with {@code setting}, {@code system}, {@code pattern},
 * {@code task} ({@code BINARY} or {@code SEVEN}), {@code trainingSeeds}, {@code maskSeeds}, {@code points} (each with
 * {@code label}, {@code rate} (null for a subset), {@code size} and {@code metrics} keyed by metric key) and
 * {@code auilc} (keyed by metric key); every value an estimate object with {@code mean}, {@code sd}, {@code ci95},
 * {@code perSeed} and {@code skippedReplicates}, null where undefined), {@code pairs} (each with {@code setting},
 * {@code first}, {@code second}, {@code quantity}, {@code metric}, {@code difference} (an estimate), {@code pValue},
 * {@code pHolm}, {@code familySize}, {@code verdict}, {@code conclusion}), {@code referenceSystems} (the names of the
 * reference lines; absent in results written before them) and {@code floors} (every system against every reference line,
 * in the form of {@code pairs}), and {@code runs} (each with {@code setting},
 * {@code system}, {@code task}, {@code trainingSeed} (null for a configured seed), {@code maskSeed}, {@code pattern},
 * {@code points} (each {@code label}, {@code rate}, {@code size}, {@code metrics} with plain values,
 * {@code confusionMatrices}, {@code corruption}), {@code auilc}, and {@code modelProvenance} and {@code dataProvenance}
 * (each {@code className} and {@code marshalled}, OLCUT's JSON provenance form; the model's also has
 * {@code trainerClassName})). Documents of version 1 (one seed, no intervals) are refused with a message saying so.
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
    public static ReportedComparison read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses a results document.
     * @param json The text.
     * @param source A name for the text in error messages (e.g. its path).
     * @return The comparison.
     * @throws IllegalArgumentException if the text is not a results document of a known version.
     */
    public static ReportedComparison parse(String json, String source) {
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
        if (version == 1) {
            throw new IllegalArgumentException(source + " has format version 1 (one seed, no intervals), written by an older"
                    + " version of this project; run the experiment again to get version " + JsonResults.VERSION);
        }
        if (version != JsonResults.VERSION) {
            throw new IllegalArgumentException(source + " has format version " + field(root, "formatVersion", source)
                    + ", this reader knows version " + JsonResults.VERSION);
        }
        JsonNode uncertainty = field(root, "uncertainty", source);
        String uw = source + ": uncertainty";
        List<SweepCurve> curves = new ArrayList<>();
        JsonNode curvesNode = array(root, "curves", source);
        for (int i = 0; i < curvesNode.size(); i++) {
            curves.add(curve(curvesNode.get(i), source + ": curves[" + i + "]"));
        }
        List<ReportedPair> pairs = new ArrayList<>();
        JsonNode pairsNode = array(root, "pairs", source);
        for (int i = 0; i < pairsNode.size(); i++) {
            pairs.add(pair(pairsNode.get(i), source + ": pairs[" + i + "]"));
        }
        List<String> references = new ArrayList<>();
        List<ReportedPair> floors = new ArrayList<>();
        if (root.has("referenceSystems")) {
            JsonNode refs = array(root, "referenceSystems", source);
            for (int i = 0; i < refs.size(); i++) {
                if (!refs.get(i).isTextual()) {
                    throw new IllegalArgumentException(source + ": referenceSystems[" + i + "] is not a system name");
                }
                references.add(refs.get(i).asText());
            }
            JsonNode floorsNode = array(root, "floors", source);
            for (int i = 0; i < floorsNode.size(); i++) {
                floors.add(pair(floorsNode.get(i), source + ": floors[" + i + "]"));
            }
        }
        List<ReportedRun> runs = new ArrayList<>();
        JsonNode runsNode = array(root, "runs", source);
        for (int i = 0; i < runsNode.size(); i++) {
            runs.add(run(runsNode.get(i), source + ": runs[" + i + "]"));
        }
        return new ReportedComparison(text(root, "title", source), text(root, "description", source),
                strings(field(root, "metadata", source), source + ": metadata"),
                strings(field(root, "trainingNotes", source), source + ": trainingNotes"),
                longs(uncertainty, "trainingSeeds", uw), longs(uncertainty, "maskSeeds", uw),
                integer(uncertainty, "bootstrapReplicates", uw), longValue(field(uncertainty, "bootstrapSeed", uw), uw + ".bootstrapSeed"),
                curves, pairs, runs, root.has("experimentProvenance") ? provenanceJson(root.get("experimentProvenance"),
                source + ": experimentProvenance") : null,
                root.has("environment") ? strings(root.get("environment"), source + ": environment") : Map.of(), references, floors);
    }

    private static SweepCurve curve(JsonNode node, String where) {
        SentimentTask task = task(node, where);
        JsonNode pointsNode = array(node, "points", where);
        List<CurvePoint> points = new ArrayList<>();
        for (int i = 0; i < pointsNode.size(); i++) {
            String pw = where + ".points[" + i + "]";
            JsonNode p = pointsNode.get(i);
            points.add(new CurvePoint(text(p, "label", pw), rate(p, pw), integer(p, "size", pw),
                    estimates(field(p, "metrics", pw), task, pw + ".metrics")));
        }
        try {
            return new SweepCurve(text(node, "setting", where), text(node, "system", where), text(node, "pattern", where), task,
                    longs(node, "trainingSeeds", where), longs(node, "maskSeeds", where), points,
                    estimates(field(node, "auilc", where), task, where + ".auilc"), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static ReportedPair pair(JsonNode node, String where) {
        SentimentMetric metric = metric(text(node, "metric", where), where);
        Quantity quantity;
        PairComparison.Verdict verdict;
        try {
            quantity = Quantity.valueOf(text(node, "quantity", where));
            verdict = PairComparison.Verdict.valueOf(text(node, "verdict", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return new ReportedPair(text(node, "setting", where), new SystemPair(text(node, "first", where), text(node, "second", where)),
                quantity, metric, estimate(field(node, "difference", where), where + ".difference"),
                number(field(node, "pValue", where), where + ".pValue"), number(field(node, "pHolm", where), where + ".pHolm"),
                integer(node, "familySize", where), verdict);
    }

    private static ReportedRun run(JsonNode node, String where) {
        SentimentTask task = task(node, where);
        JsonNode seed = field(node, "trainingSeed", where);
        Long trainingSeed = seed.isNull() ? null : longValue(seed, where + ".trainingSeed");
        JsonNode pointsNode = array(node, "points", where);
        List<ReportedRun.Point> points = new ArrayList<>();
        for (int i = 0; i < pointsNode.size(); i++) {
            String pw = where + ".points[" + i + "]";
            JsonNode p = pointsNode.get(i);
            points.add(new ReportedRun.Point(text(p, "label", pw), rate(p, pw), integer(p, "size", pw),
                    metricValues(field(p, "metrics", pw), task, pw + ".metrics")));
        }
        JsonNode model = field(node, "modelProvenance", where);
        JsonNode data = field(node, "dataProvenance", where);
        return new ReportedRun(text(node, "setting", where), text(node, "system", where), task, text(node, "pattern", where),
                trainingSeed, longValue(field(node, "maskSeed", where), where + ".maskSeed"), points,
                metricValues(field(node, "auilc", where), task, where + ".auilc"), className(model, "className"),
                className(model, "trainerClassName"), className(data, "className"), provenanceJson(model, where + ".modelProvenance"),
                provenanceJson(data, where + ".dataProvenance"));
    }

    private static Map<SentimentMetric, Estimate> estimates(JsonNode node, SentimentTask task, String where) {
        return byMetric(node, task, where, JsonResultsReader::estimate);
    }

    /** An object keyed by metric keys of a task, each value read by {@code value} (given the node and its location). */
    private static <V> Map<SentimentMetric, V> byMetric(JsonNode node, SentimentTask task, String where,
                                                         java.util.function.BiFunction<JsonNode, String, V> value) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not an object");
        }
        Map<SentimentMetric, V> out = new EnumMap<>(SentimentMetric.class);
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            SentimentMetric m = metric(e.getKey(), where);
            if (m.task() != task) {
                throw new IllegalArgumentException(where + ": metric '" + e.getKey() + "' does not belong to the " + task.name() + " task");
            }
            out.put(m, value.apply(e.getValue(), where + "." + e.getKey()));
        }
        return out;
    }

    private static Estimate estimate(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not an estimate object");
        }
        JsonNode ci = array(node, "ci95", where);
        if (ci.size() != 2) {
            throw new IllegalArgumentException(where + ".ci95 does not hold two numbers: " + ci);
        }
        JsonNode perSeedNode = array(node, "perSeed", where);
        double[] perSeed = new double[perSeedNode.size()];
        for (int i = 0; i < perSeed.length; i++) {
            perSeed[i] = number(perSeedNode.get(i), where + ".perSeed[" + i + "]");
        }
        try {
            return new Estimate(number(field(node, "mean", where), where + ".mean"), number(field(node, "sd", where), where + ".sd"),
                    number(ci.get(0), where + ".ci95[0]"), number(ci.get(1), where + ".ci95[1]"), perSeed,
                    integer(node, "skippedReplicates", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Map<SentimentMetric, Double> metricValues(JsonNode node, SentimentTask task, String where) {
        return byMetric(node, task, where, JsonResultsReader::number);
    }

    private static SentimentMetric metric(String key, String where) {
        try {
            return SentimentMetric.parse(key);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
        }
    }

    private static SentimentTask task(JsonNode node, String where) {
        String taskName = text(node, "task", where);
        try {
            return SentimentTask.valueOf(taskName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": unknown task '" + taskName + "'", e);
        }
    }

    private static double rate(JsonNode node, String where) {
        return number(field(node, "rate", where), where + ".rate");
    }

    /** A number, or NaN for null. */
    private static double number(JsonNode v, String where) {
        if (!v.isNull() && !v.isNumber()) {
            throw new IllegalArgumentException(where + " is not a number: " + v);
        }
        return v.isNull() ? Double.NaN : v.asDouble();
    }

    private static int integer(JsonNode node, String name, String where) {
        JsonNode n = field(node, name, where);
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": " + name + " " + n + " is not an integer");
        }
        return n.asInt();
    }

    private static long longValue(JsonNode n, String where) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(where + " " + n + " is not an integer");
        }
        return n.asLong();
    }

    private static List<Long> longs(JsonNode node, String name, String where) {
        JsonNode a = array(node, name, where);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(longValue(a.get(i), where + "." + name + "[" + i + "]"));
        }
        return out;
    }

    private static JsonNode array(JsonNode node, String name, String where) {
        JsonNode n = field(node, name, where);
        if (!n.isArray()) {
            throw new IllegalArgumentException(where + ": '" + name + "' is not an array");
        }
        return n;
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
