package dev.cider.eval.reproduce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cider.repro.DataFileChange;
import dev.cider.repro.EnvironmentComparison;
import dev.cider.repro.ParameterComparison;
import dev.cider.repro.ParameterGroupComparison;
import dev.cider.repro.PredictionAgreement;
import dev.cider.repro.ProvenanceDifference;
import dev.cider.repro.ReproductionReport;
import dev.cider.repro.SettingOverride;
import dev.cider.runtime.NumericsEnvironment;
import dev.cider.util.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A {@link ReproductionReport} as a JSON document: {@code format} ({@value #FORMAT}) and {@code version}, the model
 * file and name, {@code identical} and {@code causes}, what was rebuilt ({@code trainer}, {@code trainingData},
 * {@code validationData}, {@code invocationCount}, {@code overrides}), {@code dataFileChanges}, every
 * {@code provenanceDifferences} entry (path, original, reproduced, kind, expected), {@code numericsEnvironment} (the
 * saved model's recorded environment, the reproducing process's, whether they are the same and each difference),
 * {@code parameters} (totals, tau, bias words and every group that differs) and {@code predictions}. Numbers that are not finite are written as null.
 */
public final class ModelReproductionJson {

    /** The value of the document's {@code format} field. */
    public static final String FORMAT = "cider-reproduction";
    /** The version of the document layout. */
    public static final int VERSION = 1;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModelReproductionJson() {
    }

    /**
     * The report as a JSON tree.
     * @param report The report.
     * @param modelFile The model file that was reproduced.
     * @return The document.
     */
    public static ObjectNode toJson(ReproductionReport report, Path modelFile) {
        ObjectNode root = NODES.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("model", modelFile.toAbsolutePath().toString());
        root.put("modelName", report.modelName());
        root.put("identical", report.identical());
        ArrayNode causes = root.putArray("causes");
        report.causes().forEach(causes::add);
        root.put("trainer", report.trainer());
        root.put("trainingData", report.trainingData());
        root.put("validationData", report.validationData());
        root.put("invocationCount", report.invocationCount());
        ArrayNode overrides = root.putArray("overrides");
        for (SettingOverride o : report.overrides()) {
            overrides.add(o.toString());
        }
        root.put("retrainingSeconds", report.retrainingTime().toMillis() / 1000.0);
        ArrayNode changes = root.putArray("dataFileChanges");
        for (DataFileChange c : report.dataFileChanges()) {
            ObjectNode n = changes.addObject();
            n.put("file", c.file());
            n.put("recordedSha256", c.recordedSha256());
            n.put("currentSha256", c.currentSha256());
            n.put("provenancePath", c.provenancePath());
            n.put("message", c.message());
        }
        ArrayNode differences = root.putArray("provenanceDifferences");
        for (ProvenanceDifference d : report.provenanceDifferences()) {
            ObjectNode n = differences.addObject();
            n.put("path", d.path());
            n.put("original", d.original());
            n.put("reproduced", d.reproduced());
            n.put("kind", d.kind().name());
            n.put("expected", d.isExpected());
        }
        root.set("numericsEnvironment", environment(report.environment()));
        root.set("parameters", parameters(report.parameters()));
        root.set("predictions", predictions(report.predictions()));
        return root;
    }

    private static ObjectNode environment(EnvironmentComparison e) {
        ObjectNode n = NODES.objectNode();
        n.put("same", e.same());
        ArrayNode differences = n.putArray("differences");
        e.differences().forEach(differences::add);
        n.set("savedModel", e.first().map(ModelReproductionJson::values).orElse(NODES.nullNode()));
        n.set("thisProcess", e.second().map(ModelReproductionJson::values).orElse(NODES.nullNode()));
        return n;
    }

    private static JsonNode values(NumericsEnvironment environment) {
        ObjectNode n = NODES.objectNode();
        environment.values().forEach(n::put);
        return n;
    }

    private static ObjectNode parameters(ParameterComparison c) {
        ObjectNode n = NODES.objectNode();
        n.put("identical", c.identical());
        n.put("networkBytesIdentical", c.networkBytesIdentical());
        n.put("groups", c.groups().size());
        n.put("values", c.totalValues());
        n.put("differingValues", c.differingValues());
        number(n, "originalTau", c.originalTau());
        number(n, "reproducedTau", c.reproducedTau());
        n.put("biasWordsIdentical", c.biasWordsIdentical());
        ArrayNode groups = n.putArray("differingGroups");
        for (ParameterGroupComparison g : c.differingGroups()) {
            ObjectNode gn = groups.addObject();
            gn.put("name", g.name());
            gn.put("originalSize", g.originalSize());
            gn.put("reproducedSize", g.reproducedSize());
            gn.put("differing", g.differing());
            number(gn, "maxAbsDifference", g.maxAbsDifference());
        }
        return n;
    }

    private static ObjectNode predictions(PredictionAgreement p) {
        ObjectNode n = NODES.objectNode();
        n.put("split", p.split());
        n.put("utterances", p.utterances());
        n.put("sameLabel", p.sameLabel());
        number(n, "agreement", p.agreement());
        number(n, "maxProbabilityDifference", p.maxProbabilityDifference());
        n.put("identical", p.identical());
        return n;
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    /**
     * The report as indented JSON text.
     * @param report The report.
     * @param modelFile The model file that was reproduced.
     * @return The text.
     */
    public static String toText(ReproductionReport report, Path modelFile) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(report, modelFile));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the report atomically.
     * @param report The report.
     * @param modelFile The model file that was reproduced.
     * @param target The JSON file.
     * @throws IOException if the file cannot be written (it is then unchanged).
     */
    public static void write(ReproductionReport report, Path modelFile, Path target) throws IOException {
        AtomicFiles.write(target, (toText(report, modelFile) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
