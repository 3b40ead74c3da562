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
import dev.cider.eval.stats.Estimate;
import dev.cider.eval.sweep.SweepPoint;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.ConfusionMatrix;
import dev.cider.metrics.SentimentMetric;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.missing.CorruptedDataProvenance;
import dev.cider.util.AtomicFiles;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes {@code results.json}: everything a comparison measured, with full provenance. The document holds the
 * format name and version, the title, description, run metadata and training notes, the experiment's provenance (its
 * whole configuration, so the experiment can be rerun from this file), the numerics environment of the process that ran
 * it ({@code environment}: processor, ATen kernel set, numerics mode, threads, allocator, versions; every run's model
 * provenance holds its own under {@code numerics.*}), then:
 * <ul>
 *     <li>{@code uncertainty}: the training and mask seeds, the interval (level, bootstrap replicates and seed, method),
 *     the paired test and the multiple-comparison adjustment;</li>
 *     <li>{@code curves}: one entry per (setting, system, task) with its seeds, every point's metrics and the AUILC of
 *     every metric, each an estimate: {@code mean}, {@code sd} (over training seeds), {@code ci95} ([low, high]),
 *     {@code perSeed} (each training seed's value, averaged over the mask seeds) and {@code skippedReplicates};</li>
 *     <li>{@code pairs}: every paired comparison (setting, first, second, quantity, metric, the difference as an
 *     estimate, {@code pValue}, {@code pHolm}, {@code familySize}, {@code conclusion});</li>
 *     <li>{@code runs}: one entry per (setting, system, task, training seed, mask seed) with that run's values at every
 *     point (fractions, {@code null} where undefined), its confusion matrices, the corruption each point was evaluated
 *     under, its AUILCs, and the model and test-data provenance marshalled with OLCUT
 *     ({@link ProvenanceUtil#marshalProvenance}) in OLCUT's JSON provenance form, so {@link JsonResultsReader} can rebuild
 *     the provenance objects.</li>
 * </ul>
 * Numbers are written as Java prints doubles (shortest exact form), so two runs that computed the same numbers write
 * the same text. Field names are listed on {@link JsonResultsReader}.
 */
public final class JsonResults {

    /** The value of the document's {@code format} field. */
    public static final String FORMAT = "cider-comparison";
    /** The version of the document layout this class writes. */
    public static final int VERSION = 2;

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
        uncertainty(root.putObject("uncertainty"), report);
        ObjectNode environment = root.putObject("environment");
        report.environment().forEach(environment::put);
        provenance(mapper, root, "experimentProvenance", report.experiment());
        ArrayNode curves = root.putArray("curves");
        for (SweepCurve c : report.view().curves()) {
            curves.add(curve(c));
        }
        ArrayNode pairs = root.putArray("pairs");
        for (PairComparison c : report.comparisons()) {
            pairs.add(pair(c));
        }
        ArrayNode references = root.putArray("referenceSystems");
        report.referenceSystems().forEach(references::add);
        ArrayNode floors = root.putArray("floors");
        for (PairComparison c : report.floors()) {
            floors.add(pair(c));
        }
        ArrayNode runs = root.putArray("runs");
        for (ComparisonRow row : report.rows()) {
            runs.add(run(mapper, row.setting(), row.result()));
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

    private static void uncertainty(ObjectNode node, ComparisonReport report) {
        ArrayNode training = node.putArray("trainingSeeds");
        report.trainingSeeds().forEach(training::add);
        ArrayNode masks = node.putArray("maskSeeds");
        report.maskSeeds().forEach(masks::add);
        node.put("level", report.bootstrap().level());
        node.put("interval", "percentile interval of a two-level bootstrap: each replicate resamples the training seeds and"
                + " the test utterances with replacement (the same utterances for every system and seed)");
        node.put("bootstrapReplicates", report.bootstrap().replicates());
        node.put("bootstrapSeed", report.bootstrap().seed());
        node.put("pairedTest", "two-sided paired bootstrap test of no difference (shift method), on the same replicates");
        node.put("adjustment", "holm");
        node.put("adjustmentFamily", "every comparison of the same metric and quantity");
        node.put("claimRule", "a difference is claimed only where its interval excludes zero and its Holm-adjusted p-value is below "
                + PairComparison.ALPHA);
        node.put("text", MarkdownReport.uncertaintyText(report));
    }

    private static ObjectNode curve(SweepCurve c) {
        ObjectNode node = NODES.objectNode();
        node.put("setting", c.setting());
        node.put("system", c.system());
        node.put("pattern", c.pattern());
        node.put("task", c.task().name());
        ArrayNode training = node.putArray("trainingSeeds");
        c.trainingSeeds().forEach(training::add);
        ArrayNode masks = node.putArray("maskSeeds");
        c.maskSeeds().forEach(masks::add);
        ArrayNode points = node.putArray("points");
        for (CurvePoint p : c.points()) {
            ObjectNode pn = points.addObject();
            pn.put("label", p.label());
            number(pn, "rate", p.rate());
            pn.put("size", p.size());
            ObjectNode metrics = pn.putObject("metrics");
            for (SentimentMetric m : c.metrics()) {
                estimate(metrics.putObject(m.key()), p.estimate(m));
            }
        }
        ObjectNode auilc = node.putObject("auilc");
        for (SentimentMetric m : c.metrics()) {
            Estimate e = c.auilcEstimate(m);
            if (e != null) {
                estimate(auilc.putObject(m.key()), e);
            }
        }
        return node;
    }

    private static ObjectNode pair(PairComparison c) {
        ObjectNode node = NODES.objectNode();
        node.put("setting", c.setting());
        node.put("first", c.pair().first());
        node.put("second", c.pair().second());
        node.put("quantity", c.difference().quantity().name());
        node.put("metric", c.difference().metric().key());
        estimate(node.putObject("difference"), c.difference().difference());
        number(node, "pValue", c.difference().pValue());
        number(node, "pHolm", c.adjustedP());
        node.put("familySize", c.familySize());
        node.put("verdict", c.verdict().name());
        node.put("conclusion", c.conclusion());
        return node;
    }

    /**
     * Writes an estimate's fields into a node.
     * @param node The node.
     * @param e The estimate.
     */
    static void estimate(ObjectNode node, Estimate e) {
        number(node, "mean", e.mean());
        number(node, "sd", e.sd());
        ArrayNode ci = node.putArray("ci95");
        numberElement(ci, e.lower());
        numberElement(ci, e.upper());
        ArrayNode perSeed = node.putArray("perSeed");
        for (double v : e.perSeed()) {
            numberElement(perSeed, v);
        }
        node.put("skippedReplicates", e.skippedReplicates());
    }

    private static ObjectNode run(ObjectMapper mapper, String setting, SweepResult r) {
        ObjectNode node = NODES.objectNode();
        node.put("setting", setting);
        node.put("system", r.system());
        node.put("task", r.points().get(0).metrics().task().name());
        if (r.trainingSeed() == null) {
            node.putNull("trainingSeed");
        } else {
            node.put("trainingSeed", r.trainingSeed());
        }
        node.put("maskSeed", r.seed());
        node.put("pattern", r.pattern());
        ArrayNode points = node.putArray("points");
        for (SweepPoint p : r.points()) {
            points.add(point(p));
        }
        ObjectNode auilc = node.putObject("auilc");
        if (r.isRateSweep()) {
            for (SentimentMetric m : SentimentMetric.forTask(r.points().get(0).metrics().task())) {
                number(auilc, m.key(), r.auilc(m));
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
        if (p.evaluation() != null && p.evaluation().getTestDatasetProvenance() instanceof CorruptedDataProvenance c) {
            ObjectNode corruption = node.putObject("corruption");
            corruption.put("pattern", c.getPatternName());
            number(corruption, "rate", c.getRate());
            corruption.put("maskSeed", c.getMaskSeed());
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

    /** Appends a number, or null for NaN or infinity. */
    static void numberElement(ArrayNode node, double value) {
        if (Double.isFinite(value)) {
            node.add(value);
        } else {
            node.addNull();
        }
    }
}
