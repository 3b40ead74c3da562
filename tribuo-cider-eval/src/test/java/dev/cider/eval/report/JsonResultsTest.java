package dev.cider.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cider.data.SentimentTask;
import dev.cider.eval.report.ReportFixtures.HandPoint;
import dev.cider.eval.report.ReportFixtures.HandSweep;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.SentimentMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonResultsTest {

    /** A curve without its bootstrap summary, as results.json gives it back. */
    private static SweepCurve stored(SweepCurve c) {
        return new SweepCurve(c.setting(), c.system(), c.pattern(), c.task(), c.trainingSeeds(), c.maskSeeds(), c.points(), c.auilc(), null);
    }

    @Test
    void roundTripsEveryNumberAndTheProvenance(@TempDir Path dir) throws Exception {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        Path file = dir.resolve("results.json");
        JsonResults.write(file, fx.report);
        ReportedComparison stored = JsonResultsReader.read(file);

        assertEquals(fx.report.title(), stored.title());
        assertEquals(fx.report.description(), stored.description());
        assertEquals(fx.report.metadata(), stored.metadata());
        assertEquals(fx.report.trainingNotes(), stored.trainingNotes());
        assertEquals(List.of(), stored.trainingSeeds());
        assertEquals(List.of(42L), stored.maskSeeds());
        assertEquals(fx.report.bootstrap().replicates(), stored.replicates());
        assertEquals(fx.report.bootstrap().seed(), stored.bootstrapSeed());
        assertEquals(fx.all().size(), stored.runs().size());
        // the estimates of every curve come back exactly
        assertEquals(fx.report.view().curves().stream().map(JsonResultsTest::stored).toList(), stored.curves());

        for (int k = 0; k < fx.all().size(); k++) {
            HandSweep s = fx.all().get(k);
            ReportedRun run = stored.runs().get(k);
            assertEquals(fx.settingOf(s), run.setting());
            assertEquals(s.system(), run.system());
            assertEquals(s.task(), run.task());
            assertEquals(s.result().seed(), run.maskSeed());
            assertEquals(null, run.trainingSeed());
            SweepCurve curve = stored.view().curve(fx.settingOf(s), s.system(), s.task()).orElseThrow();
            for (int i = 0; i < s.points().size(); i++) {
                HandPoint p = s.points().get(i);
                CurvePoint cp = curve.points().get(i);
                ReportedRun.Point rp = run.points().get(i);
                assertEquals(p.label(), cp.label());
                assertEquals(p.truth().length, cp.size());
                for (SentimentMetric m : SentimentMetric.forTask(s.task())) {
                    if (m != SentimentMetric.ACC2_HAS0 && m != SentimentMetric.F1_HAS0) {
                        assertEquals(Expected.metric(m, p), cp.value(m), 1e-12, m + " at " + p.label());
                        assertEquals(Expected.metric(m, p), rp.values().get(m), 1e-12, m + " at " + p.label());
                        assertEquals(Expected.metric(m, p), cp.estimate(m).perSeed()[0], 1e-12);
                    }
                }
            }
            if (s.pattern().equals("smm")) {
                assertTrue(run.auilc().isEmpty());
            } else {
                assertEquals(Expected.auilc(SentimentMetric.headline(s.task()), s), run.auilc().get(SentimentMetric.headline(s.task())), 1e-12);
            }
            // provenance: class names, and the full objects rebuilt from OLCUT's marshalled form
            assertEquals(s.result().modelProvenance().getClassName(), run.modelClassName());
            assertEquals(s.result().modelProvenance().getTrainerProvenance().getClassName(), run.trainerClassName());
            assertEquals(s.result().dataProvenance().getClassName(), run.dataClassName());
            assertEquals(s.result().modelProvenance(), run.modelProvenance());
            assertEquals(s.result().dataProvenance(), run.dataProvenance());
        }
        assertTrue(stored.runs().get(0).modelClassName().endsWith("TreeModel"), stored.runs().get(0).modelClassName());
        assertTrue(stored.runs().get(2).modelClassName().endsWith("LinearSGDModel"), stored.runs().get(2).modelClassName());
    }

    @Test
    void multiSeedDocumentHoldsEveryPerSeedValueTheIntervalsAndThePairs(@TempDir Path dir) throws Exception {
        ReportFixtures.Seeded fx = new ReportFixtures.Seeded();
        Path file = dir.resolve("results.json");
        JsonResults.write(file, fx.report);
        ReportedComparison stored = JsonResultsReader.read(file);
        assertEquals(ReportFixtures.Seeded.SEEDS, stored.trainingSeeds());
        assertEquals(9 * 1, stored.runs().size(), "three systems by three training seeds by one mask seed");
        SweepCurve cider = stored.view().curve("IID", "CIDer", SentimentTask.BINARY).orElseThrow();
        assertEquals(ReportFixtures.Seeded.SEEDS, cider.trainingSeeds());
        double[] expected = fx.cider.stream().mapToDouble(s -> Expected.auilc(SentimentMetric.ACC2_NON0, s)).toArray();
        assertArrayEquals(expected, cider.auilcEstimate(SentimentMetric.ACC2_NON0).perSeed(), 1e-12);
        assertEquals(Arrays.stream(expected).average().orElseThrow(), cider.auilc(SentimentMetric.ACC2_NON0), 1e-12);
        assertTrue(cider.auilcEstimate(SentimentMetric.ACC2_NON0).sd() > 0);
        assertEquals(fx.report.comparisons().size(), stored.pairs().size());
        ReportedPair first = stored.pairs().get(0);
        PairComparison written = fx.report.comparisons().get(0);
        assertEquals(written.pair(), first.pair());
        assertEquals(written.difference().difference(), first.difference());
        assertEquals(written.difference().pValue(), first.pValue());
        assertEquals(written.adjustedP(), first.pHolm());
        assertEquals(written.verdict(), first.verdict());
        String text = Files.readString(file);
        assertTrue(text.contains("\"adjustment\" : \"holm\""), text.substring(0, 2000));
        // a second rendering of the same report is the same text: nothing in it depends on timing or iteration order
        assertEquals(text, JsonResults.render(fx.report));
    }

    @Test
    void documentHoldsConfusionMatricesCorruptionAndMarshalledProvenance() throws Exception {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        JsonNode root = new ObjectMapper().readTree(JsonResults.render(fx.report));
        JsonNode first = root.get("runs").get(0);
        assertEquals("rmfm", first.get("pattern").asText());
        assertEquals(ReportFixtures.RATES.length, first.get("points").size());
        assertEquals(0.4, first.get("points").get(2).get("rate").asDouble());
        JsonNode smm = root.get("runs").get(5);
        assertEquals("LA", smm.get("points").get(3).get("label").asText());
        assertTrue(smm.get("points").get(0).get("rate").isNull());
        // the non0 matrix serves Acc2 and F1: listed once, naming both
        JsonNode matrices = first.get("points").get(0).get("confusionMatrices");
        assertEquals(3, matrices.size());
        JsonNode non0 = matrices.get(0);
        assertEquals("[\"acc2\",\"f1\"]", non0.get("metrics").toString());
        long total = 0;
        for (JsonNode row : non0.get("counts")) {
            for (JsonNode c : row) {
                total += c.asLong();
            }
        }
        HandPoint p = fx.iidCider.points().get(0);
        long nonNeutral = Arrays.stream(p.truth()).filter(t -> t != 0).count();
        assertEquals(nonNeutral, total);
        String marshalled = first.get("modelProvenance").get("marshalled").toString();
        assertTrue(marshalled.contains("CARTClassificationTrainer"), "the trainer's provenance is inside the model's");
        assertTrue(first.get("dataProvenance").get("marshalled").toString().contains("iid-test"));
        JsonNode estimate = root.get("curves").get(0).get("auilc").get("acc2");
        assertEquals(2, estimate.get("ci95").size());
        assertEquals(1, estimate.get("perSeed").size());
        assertTrue(estimate.get("sd").isNull(), "one model: no spread");
    }

    @Test
    void undefinedValuesAreNullInTheFileAndNaNWhenRead(@TempDir Path dir) throws Exception {
        HandPoint p = new HandPoint("0.00", 0.0, SentimentTask.BINARY, new double[] {0, 0}, new int[] {1, 0});
        SweepResult r = new SweepResult("X", "rmfm", 1, List.of(p.sweepPoint()), null, null);
        ComparisonReport report = ComparisonReport.builder("t").add("complete", r).build();
        Path file = dir.resolve("r.json");
        JsonResults.write(file, report);
        String text = Files.readString(file);
        assertTrue(text.contains("\"acc2\" : null"), text);
        assertTrue(text.contains("\"modelProvenance\" : null"), text);
        ReportedComparison stored = JsonResultsReader.read(file);
        CurvePoint point = stored.curves().get(0).points().get(0);
        assertTrue(Double.isNaN(point.value(SentimentMetric.ACC2_NON0)));
        assertEquals(0.5, point.value(SentimentMetric.ACC3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stored.runs().get(0).modelProvenance());
        assertTrue(e.getMessage().contains("no model provenance"), e.getMessage());
    }

    @Test
    void malformedDocumentsGiveClearErrors() {
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class, () -> JsonResultsReader.parse("{", "a.json"));
        assertTrue(notJson.getMessage().startsWith("a.json is not valid JSON"), notJson.getMessage());
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> JsonResultsReader.parse("{\"format\":\"other\"}", "b.json"));
        assertTrue(format.getMessage().contains("format 'other'"), format.getMessage());
        String noTask = "{\"format\":\"cider-comparison\",\"formatVersion\":2,\"title\":\"t\",\"description\":\"\",\"metadata\":{},"
                + "\"trainingNotes\":{},\"uncertainty\":{\"trainingSeeds\":[],\"maskSeeds\":[0],\"bootstrapReplicates\":100,"
                + "\"bootstrapSeed\":1},\"curves\":[{\"setting\":\"IID\",\"system\":\"X\"}],\"pairs\":[],\"runs\":[]}";
        IllegalArgumentException field = assertThrows(IllegalArgumentException.class, () -> JsonResultsReader.parse(noTask, "c.json"));
        assertEquals("c.json: curves[0] has no field 'task'", field.getMessage());
        String version = "{\"format\":\"cider-comparison\",\"formatVersion\":7}";
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> JsonResultsReader.parse(version, "d.json"));
        assertTrue(v.getMessage().contains("format version 7"), v.getMessage());
        String old = "{\"format\":\"cider-comparison\",\"formatVersion\":1}";
        IllegalArgumentException v1 = assertThrows(IllegalArgumentException.class, () -> JsonResultsReader.parse(old, "e.json"));
        assertTrue(v1.getMessage().contains("version 1 (one seed, no intervals)"), v1.getMessage());
    }
}
