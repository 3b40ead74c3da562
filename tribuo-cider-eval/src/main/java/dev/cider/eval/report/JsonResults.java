package dev.cider.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceModule;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.eval.sweep.SweepPoint;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.ConfusionMatrix;
import dev.cider.metrics.SentimentMetric;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.util.AtomicFiles;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes {@code results.json}: everything a comparison measured, with full provenance. The document holds the
 * format name and version, the title, description, run metadata and training notes, and one entry per
 * (setting, system, task) with the sweep settings (pattern, seed, rates or subsets), every point's metrics
 * (fractions, {@code null} where undefined), confusion matrices and Tribuo's accuracy and macro F1, the AUILC of
 * every metric, and the model and test-data provenance marshalled with OLCUT
 * ({@link ProvenanceUtil#marshalProvenance}) in OLCUT's JSON provenance form, so
 * {@link JsonResultsReader} can rebuild the provenance objects. Field names are listed on {@link JsonResultsReader}.
 */
public final class JsonResults {

    /** The value of the document's {@code format} field. */
    public static final String FORMAT = "cider-comparison";
    /** The version of the document layout this class writes. */
    public static final int VERSION = 1;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonResults() {
    }

    /**
     * A Jackson mapper that reads and writes OLCUT's marshalled provenance.
     * @return A new mapper.
     */
    static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(new JsonProvenanceModule());
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
        return mapper;
    }

    /**
     * Builds the JSON document.
     * @param report The report.
     * @return The document.
     */
    public static ObjectNode toJson(ComparisonReport report) {
        ObjectMapper mapper = mapper();
        ObjectNode root = NODES.objectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", VERSION);
        root.put("title", report.title());
        root.put("description", report.description());
        ObjectNode metadata = root.putObject("metadata");
        report.metadata().forEach(metadata::put);
        ObjectNode notes = root.putObject("trainingNotes");
        report.trainingNotes().forEach(notes::put);
        ArrayNode results = root.putArray("results");
        for (ComparisonRow row : report.rows()) {
            results.add(result(mapper, row.setting(), row.result()));
        }
        return root;
    }

    /**
     * Renders the JSON text (indented).
     * @param report The report.
     * @return The text.
     */
    public static String render(ComparisonReport report) {
        try {
            return mapper().writeValueAsString(toJson(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the report '" + report.title() + "' to JSON", e);
        }
    }

    /**
     * Renders and writes the JSON atomically.
     * @param file The target file (its parent directories are created).
     * @param report The report.
     * @throws IOException on failure; a previous file is then unchanged.
     */
    public static void write(Path file, ComparisonReport report) throws IOException {
        String text = render(report);
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode result(ObjectMapper mapper, String setting, SweepResult r) {
        SweepCurve curve = SweepCurve.of(setting, r);
        ObjectNode node = NODES.objectNode();
        node.put("setting", setting);
        node.put("system", r.system());
        node.put("task", curve.task().name());
        ObjectNode sweep = node.putObject("sweep");
        sweep.put("pattern", r.pattern());
        sweep.put("seed", r.seed());
        if (curve.isSubsetSweep()) {
            ArrayNode subsets = sweep.putArray("subsets");
            curve.points().forEach(p -> subsets.add(p.label()));
        } else {
            ArrayNode rates = sweep.putArray("rates");
            curve.points().forEach(p -> rates.add(p.rate()));
        }
        ArrayNode points = node.putArray("points");
        for (SweepPoint p : r.points()) {
            points.add(point(p));
        }
        ObjectNode auilc = node.putObject("auilc");
        if (curve.hasAuilc()) {
            for (SentimentMetric m : curve.metrics()) {
                number(auilc, m.key(), curve.auilc(m));
            }
        }
        ModelProvenance mp = r.modelProvenance();
        ObjectNode model = provenance(mapper, node, "modelProvenance", mp);
        if (mp != null && mp.getTrainerProvenance() != null) {
            model.put("trainerClassName", mp.getTrainerProvenance().getClassName());
        }
        provenance(mapper, node, "dataProvenance", r.dataProvenance());
        return node;
    }

    private static ObjectNode point(SweepPoint p) {
        ObjectNode node = NODES.objectNode();
        node.put("label", p.label());
        number(node, "rate", p.rate());
        SentimentMetrics metrics = p.metrics();
        node.put("size", metrics.size());
        ObjectNode values = node.putObject("metrics");
        for (Map.Entry<SentimentMetric, Double> e : metrics.values().entrySet()) {
            number(values, e.getKey().key(), e.getValue());
        }
        ArrayNode matrices = node.putArray("confusionMatrices");
        Map<ConfusionMatrix, ObjectNode> seen = new IdentityHashMap<>();
        for (SentimentMetric m : metrics.values().keySet()) {
            ConfusionMatrix cm = metrics.confusion(m);
            ObjectNode cmNode = seen.get(cm);
            if (cmNode == null) {
                cmNode = matrix(cm);
                seen.put(cm, cmNode);
                matrices.add(cmNode);
            }
            cmNode.withArray("metrics").add(m.key());
        }
        LabelEvaluation evaluation = p.evaluation();
        if (evaluation != null) {
            ObjectNode tribuo = node.putObject("tribuo");
            number(tribuo, "accuracy", evaluation.accuracy());
            number(tribuo, "macroAveragedF1", evaluation.macroAveragedF1());
        }
        return node;
    }

    private static ObjectNode matrix(ConfusionMatrix cm) {
        ObjectNode node = NODES.objectNode();
        node.putArray("metrics");
        ArrayNode truth = node.putArray("truth");
        cm.truthLabels().forEach(truth::add);
        ArrayNode predicted = node.putArray("predicted");
        cm.predictedLabels().forEach(predicted::add);
        ArrayNode counts = node.putArray("counts");
        for (int r = 0; r < cm.truthLabels().size(); r++) {
            ArrayNode row = counts.addArray();
            for (int c = 0; c < cm.predictedLabels().size(); c++) {
                row.add(cm.count(r, c));
            }
        }
        return node;
    }

    private static ObjectNode provenance(ObjectMapper mapper, ObjectNode parent, String field, ObjectProvenance provenance) {
        if (provenance == null) {
            parent.putNull(field);
            return NODES.objectNode();
        }
        ObjectNode node = parent.putObject(field);
        node.put("className", provenance.getClassName());
        JsonNode marshalled = mapper.valueToTree(new ArrayList<>(ProvenanceUtil.marshalProvenance(provenance)));
        node.set("marshalled", marshalled);
        return node;
    }

    /** Writes a number, or null for NaN or infinity (JSON has neither). */
    static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
