package dev.cider.eval.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cider.eval.report.CurvePoint;
import dev.cider.eval.report.JsonResultsReader;
import dev.cider.eval.report.ReportedComparison;
import dev.cider.eval.report.ReportedPair;
import dev.cider.eval.report.ReportedRun;
import dev.cider.eval.report.SweepCurve;
import dev.cider.eval.stats.Estimate;
import dev.cider.metrics.SentimentMetric;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsDiffTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path dir;

    /** The results.json text of two baselines, two training seeds, two mask seeds. */
    private static String recordedText;
    /** The same with one training seed. */
    private static String oneSeedText;

    @BeforeAll
    static void runOnce() throws Exception {
        recordedText = Files.readString(SmallExperiments.runAndWrite(SmallExperiments.baselines(List.of(1L, 2L), List.of(0L, 5L)),
                Files.createDirectories(dir.resolve("two"))));
        oneSeedText = Files.readString(SmallExperiments.runAndWrite(SmallExperiments.baselines(List.of(3L), List.of(0L)),
                Files.createDirectories(dir.resolve("one"))));
    }

    private static ReportedComparison parse(String text) {
        return JsonResultsReader.parse(text, "results.json");
    }

    private static String edit(String text, Consumer<ObjectNode> change) throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(text);
        change.accept(root);
        return MAPPER.writeValueAsString(root);
    }

    private static ObjectNode curve(ObjectNode root, String setting, String system) {
        for (JsonNode c : root.get("curves")) {
            if (c.get("setting").asText().equals(setting) && c.get("system").asText().equals(system)) {
                return (ObjectNode) c;
            }
        }
        throw new AssertionError("no curve " + setting + " / " + system);
    }

    /** Every number the diff should compare, counted from the stored structure. */
    private static int storedNumbers(ReportedComparison s) {
        int n = s.trainingSeeds().size() + s.maskSeeds().size() + 2;
        for (SweepCurve c : s.curves()) {
            n += c.trainingSeeds().size() + c.maskSeeds().size();
            for (CurvePoint p : c.points()) {
                n += 1;
                for (Estimate e : p.estimates().values()) {
                    n += 5 + e.perSeed().length;
                }
            }
            for (Estimate e : c.auilc().values()) {
                n += 5 + e.perSeed().length;
            }
        }
        for (ReportedPair p : s.pairs()) {
            n += 5 + p.difference().perSeed().length + 3;
        }
        for (ReportedRun r : s.runs()) {
            for (ReportedRun.Point p : r.points()) {
                n += 1 + p.values().size();
            }
            n += r.auilc().size();
        }
        return n;
    }

    @Test
    void theSameResultsAreIdenticalInEveryNumber() {
        ReportedComparison a = parse(recordedText);
        ResultsDiff diff = ResultsDiff.between(a, parse(recordedText));
        assertTrue(diff.identical());
        assertEquals(storedNumbers(a), diff.numbersCompared());
        assertEquals(0, diff.numbersDiffering());
        assertEquals(0.0, diff.maxAbsoluteDifference());
        assertEquals(a.pairs().size(), diff.verdicts().size());
        int auilcs = a.curves().stream().mapToInt(c -> c.auilc().size()).sum();
        assertEquals(auilcs, diff.shifts().size(), "one shift per curve and AUILC metric");
        assertTrue(diff.shifts().stream().allMatch(s -> s.difference() == 0 && s.relativeToSpread() == 0), diff.shifts().toString());
        String text = diff.render();
        assertTrue(text.contains("IDENTICAL"), text);
        assertTrue(text.contains("numbers compared: " + diff.numbersCompared() + "; differing: 0"), text);
        assertTrue(text.contains("none changed"), text);
    }

    @Test
    void anEditedPerSeedValueIsNamedWithItsCurveMetricAndSize() throws Exception {
        double[] before = new double[1];
        String edited = edit(recordedText, root -> {
            ArrayNode perSeed = (ArrayNode) curve(root, "OOD", "SVM").get("auilc").get("f1").get("perSeed");
            before[0] = perSeed.get(1).asDouble();
            perSeed.set(1, perSeed.get(1).asDouble() + 0.0125);
        });
        ResultsDiff diff = ResultsDiff.between(parse(recordedText), parse(edited));
        assertFalse(diff.identical());
        assertEquals(1, diff.numbersDiffering());
        NumberDifference d = diff.differences().get(0);
        assertEquals("curve OOD / SVM (BINARY, RMFM), AUILC f1 perSeed[seed 2]", d.where());
        assertEquals(before[0], d.recorded());
        assertEquals(0.0125, diff.maxAbsoluteDifference(), 1e-12);
        String text = diff.render();
        assertTrue(text.contains("DIFFERENT"), text);
        assertTrue(text.contains("differing: 1;"), text);
        assertTrue(text.contains("max |difference|: 0.0125000 (curve OOD / SVM (BINARY, RMFM), AUILC f1 perSeed[seed 2])"), text);
        JsonNode json = diff.toJson();
        assertEquals(1, json.get("numbersDiffering").asInt());
        assertEquals(d.where(), json.get("differences").get(0).get("where").asText());
        assertFalse(json.get("identical").asBoolean());
    }

    @Test
    void aShiftedMeanIsSetAgainstTheSeedSpread() throws Exception {
        ReportedComparison recorded = parse(recordedText);
        Estimate acc2 = recorded.view().curve("IID", "LR", SentimentMetric.ACC2_NON0).orElseThrow().auilcEstimate(SentimentMetric.ACC2_NON0);
        assertTrue(acc2.sd() > 0, "the two seeds of LR give different AUILCs");
        String edited = edit(recordedText, root -> {
            ObjectNode e = (ObjectNode) curve(root, "IID", "LR").get("auilc").get("acc2");
            e.put("mean", e.get("mean").asDouble() + 1.5 * e.get("sd").asDouble());
        });
        ResultsDiff diff = ResultsDiff.between(recorded, parse(edited));
        MeanShift shift = diff.shifts().stream().filter(s -> s.setting().equals("IID") && s.system().equals("LR")
                && s.metric() == SentimentMetric.ACC2_NON0).findFirst().orElseThrow();
        assertEquals("AUILC", shift.quantity());
        assertEquals(1.5, shift.relativeToSpread(), 1e-9);
        assertEquals(2, shift.seeds());
        assertTrue(diff.render().lines().anyMatch(l -> l.contains("IID") && l.contains("LR") && l.contains("acc2") && l.endsWith("1.50")),
                diff.render());
    }

    @Test
    void withOneSeedTheSpreadIsNotApplicable() throws Exception {
        String edited = edit(oneSeedText, root -> {
            ObjectNode e = (ObjectNode) curve(root, "IID", "LR").get("auilc").get("acc2");
            e.put("mean", e.get("mean").asDouble() + 0.01);
        });
        ResultsDiff diff = ResultsDiff.between(parse(oneSeedText), parse(edited));
        MeanShift shift = diff.shifts().stream().filter(s -> s.setting().equals("IID") && s.system().equals("LR")
                && s.metric() == SentimentMetric.ACC2_NON0).findFirst().orElseThrow();
        assertTrue(Double.isNaN(shift.relativeToSpread()));
        assertEquals(0.01, shift.difference(), 1e-12);
        assertTrue(diff.render().lines().anyMatch(l -> l.contains("IID") && l.contains("LR") && l.contains("acc2") && l.endsWith("n/a")),
                diff.render());
    }

    @Test
    void aChangedVerdictIsReported() throws Exception {
        ReportedComparison recorded = parse(recordedText);
        ReportedPair first = recorded.pairs().get(0);
        String other = first.verdict().name().equals("FIRST_HIGHER") ? "SECOND_HIGHER" : "FIRST_HIGHER";
        String edited = edit(recordedText, root -> ((ObjectNode) root.get("pairs").get(0)).put("verdict", other));
        ResultsDiff diff = ResultsDiff.between(recorded, parse(edited));
        assertFalse(diff.identical());
        assertEquals(0, diff.numbersDiffering(), "the numbers are untouched");
        assertEquals(1, diff.changedVerdicts().size());
        VerdictComparison v = diff.changedVerdicts().get(0);
        assertEquals(first.pair(), v.pair());
        assertEquals(other, v.rerun().name());
        String text = diff.render();
        assertTrue(text.contains("1 changed"), text);
        assertTrue(text.contains(v.name() + ": " + first.verdict() + " -> " + other), text);
    }

    @Test
    void curvesPairsAndRunsOnOneSideAreNamed() throws Exception {
        String fewer = edit(recordedText, root -> {
            ArrayNode curves = (ArrayNode) root.get("curves");
            for (int i = 0; i < curves.size(); i++) {
                if (curves.get(i).get("setting").asText().equals("OOD") && curves.get(i).get("system").asText().equals("LR")) {
                    curves.remove(i);
                    break;
                }
            }
            ((ArrayNode) root.get("pairs")).remove(0);
            ((ArrayNode) root.get("runs")).remove(0);
        });
        ReportedComparison recorded = parse(recordedText);
        ReportedRun run = recorded.runs().get(0);
        ReportedPair pair = recorded.pairs().get(0);
        ResultsDiff diff = ResultsDiff.between(recorded, parse(fewer));
        assertFalse(diff.identical());
        assertEquals(0, diff.numbersDiffering());
        assertTrue(diff.unmatched().contains("curve OOD / LR (BINARY, RMFM): in the recorded results only"), diff.unmatched().toString());
        assertTrue(diff.unmatched().contains("pair " + pair.setting() + ": " + pair.pair() + ", " + pair.quantity().name() + " "
                + pair.metric().key() + ": in the recorded results only"), diff.unmatched().toString());
        assertTrue(diff.unmatched().contains("run " + run.setting() + " / " + run.system() + " (BINARY, RMFM), training seed "
                + run.trainingSeed() + ", mask seed " + run.maskSeed() + ": in the recorded results only"), diff.unmatched().toString());
        assertEquals(3, diff.unmatched().size(), diff.unmatched().toString());
        ResultsDiff reversed = ResultsDiff.between(parse(fewer), recorded);
        assertTrue(reversed.unmatched().contains("curve OOD / LR (BINARY, RMFM): in the rerun only"), reversed.unmatched().toString());
        assertTrue(diff.render().contains("On one side only:\n  curve OOD / LR (BINARY, RMFM): in the recorded results only"), diff.render());
    }

    @Test
    void aValueUndefinedOnOneSideIsADifference() throws Exception {
        String edited = edit(recordedText, root -> ((ObjectNode) root.get("runs").get(0).get("points").get(0).get("metrics")).putNull("acc2"));
        ResultsDiff diff = ResultsDiff.between(parse(recordedText), parse(edited));
        assertEquals(1, diff.numbersDiffering());
        assertEquals(1, diff.undefinedOnOneSide());
        assertEquals(0.0, diff.maxAbsoluteDifference(), "no number defined on both sides differs");
        assertTrue(diff.differences().get(0).where().endsWith(", point " + parse(recordedText).runs().get(0).points().get(0).label() + " acc2"),
                diff.differences().get(0).where());
    }
}
