package dev.cider.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cider.data.SentimentTask;
import dev.cider.eval.report.ReportFixtures.HandPoint;
import dev.cider.eval.report.ReportFixtures.HandSweep;
import dev.cider.eval.sweep.SweepPoint;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.SentimentMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonResultsTest {

    @Test
    void roundTripsEveryNumberAndTheProvenance(@TempDir Path dir) throws Exception {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        Path file = dir.resolve("results.json");
        JsonResults.write(file, fx.report);
        StoredComparison stored = JsonResultsReader.read(file);

        assertEquals(fx.report.title(), stored.title());
        assertEquals(fx.report.description(), stored.description());
        assertEquals(fx.report.metadata(), stored.metadata());
        assertEquals(fx.report.trainingNotes(), stored.trainingNotes());
        assertEquals(fx.all().size(), stored.sweeps().size());
        // the numbers of every sweep come back exactly
        assertEquals(fx.report.view().curves(), stored.curves());

        for (int k = 0; k < fx.all().size(); k++) {
            HandSweep s = fx.all().get(k);
            StoredSweep st = stored.sweeps().get(k);
            assertEquals(fx.settingOf(s), st.curve().setting());
            assertEquals(s.system(), st.curve().system());
            assertEquals(s.task(), st.curve().task());
            assertEquals(s.result().seed(), st.curve().seed());
            for (int i = 0; i < s.points().size(); i++) {
                HandPoint p = s.points().get(i);
                CurvePoint cp = st.curve().points().get(i);
                assertEquals(p.label(), cp.label());
                assertEquals(p.truth().length, cp.size());
                for (SentimentMetric m : SentimentMetric.forTask(s.task())) {
                    if (m != SentimentMetric.ACC2_HAS0 && m != SentimentMetric.F1_HAS0) {
                        assertEquals(Expected.metric(m, p), cp.value(m), 1e-12, m + " at " + p.label());
                    }
                }
            }
            if (s.pattern().equals("smm")) {
                assertTrue(st.storedAuilc().isEmpty());
            } else {
                assertEquals(Expected.auilc(SentimentMetric.headline(s.task()), s),
                        st.storedAuilc().get(SentimentMetric.headline(s.task())), 1e-12);
            }
            // provenance: class names, and the full objects rebuilt from OLCUT's marshalled form
            assertEquals(s.result().modelProvenance().getClassName(), st.modelClassName());
            assertEquals(s.result().modelProvenance().getTrainerProvenance().getClassName(), st.trainerClassName());
            assertEquals(s.result().dataProvenance().getClassName(), st.dataClassName());
            assertEquals(s.result().modelProvenance(), st.modelProvenance());
            assertEquals(s.result().dataProvenance(), st.dataProvenance());
        }
        assertTrue(stored.sweeps().get(0).modelClassName().endsWith("TreeModel"), stored.sweeps().get(0).modelClassName());
        assertTrue(stored.sweeps().get(2).modelClassName().endsWith("LinearSGDModel"), stored.sweeps().get(2).modelClassName());
    }

    @Test
    void documentHoldsSweepSettingsConfusionMatricesAndMarshalledProvenance() throws Exception {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        JsonNode root = new ObjectMapper().readTree(JsonResults.render(fx.report));
        JsonNode first = root.get("results").get(0);
        assertEquals("rmfm", first.get("sweep").get("pattern").asText());
        assertEquals(ReportFixtures.RATES.length, first.get("sweep").get("rates").size());
        assertEquals(0.4, first.get("sweep").get("rates").get(2).asDouble());
        JsonNode smm = root.get("results").get(5);
        assertEquals("LA", smm.get("sweep").get("subsets").get(3).asText());
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
    }

    @Test
    void undefinedValuesAreNullInTheFileAndNaNWhenRead(@TempDir Path dir) throws Exception {
        HandPoint p = new HandPoint("0.00", 0.0, SentimentTask.BINARY, new double[] {0, 0}, new int[] {1, 0});
        SweepResult r = new SweepResult("X", "rmfm", 1, List.of(new SweepPoint("0.00", 0.0, p.metrics(), null)), null, null);
        ComparisonReport report = ComparisonReport.builder("t").add("complete", r).build();
        Path file = dir.resolve("r.json");
        JsonResults.write(file, report);
        String text = Files.readString(file);
        assertTrue(text.contains("\"acc2\" : null"), text);
        assertTrue(text.contains("\"modelProvenance\" : null"), text);
        StoredSweep s = JsonResultsReader.read(file).sweeps().get(0);
        assertTrue(Double.isNaN(s.curve().points().get(0).value(SentimentMetric.ACC2_NON0)));
        assertEquals(0.5, s.curve().points().get(0).value(SentimentMetric.ACC3));
        IllegalStateException e = assertThrows(IllegalStateException.class, s::modelProvenance);
        assertTrue(e.getMessage().contains("no model provenance"), e.getMessage());
    }

    @Test
    void malformedDocumentsGiveClearErrors() {
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class, () -> JsonResultsReader.parse("{", "a.json"));
        assertTrue(notJson.getMessage().startsWith("a.json is not valid JSON"), notJson.getMessage());
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> JsonResultsReader.parse("{\"format\":\"other\"}", "b.json"));
        assertTrue(format.getMessage().contains("format 'other'"), format.getMessage());
        String noTask = "{\"format\":\"cider-comparison\",\"formatVersion\":1,\"title\":\"t\",\"description\":\"\",\"metadata\":{},"
                + "\"trainingNotes\":{},\"results\":[{\"setting\":\"IID\",\"system\":\"X\"}]}";
        IllegalArgumentException field = assertThrows(IllegalArgumentException.class, () -> JsonResultsReader.parse(noTask, "c.json"));
        assertEquals("c.json: results[0] has no field 'task'", field.getMessage());
        String version = "{\"format\":\"cider-comparison\",\"formatVersion\":7}";
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> JsonResultsReader.parse(version, "d.json"));
        assertTrue(v.getMessage().contains("format version 7"), v.getMessage());
    }
}
