package dev.cider.eval.compare;

import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.cli.CiderMain;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.ComparisonReportWriter;
import dev.cider.eval.report.JsonResultsReader;
import dev.cider.eval.report.SweepCurve;
import dev.cider.metrics.SentimentMetric;
import dev.cider.missing.Rmfm;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonRunnerTest {

    private static ComparisonExperiment tinyExperiment() {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 20).build();
        SyntheticSource ood = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 20)
                .oodTest(true).build();
        CiderTrainer cider = new CiderTrainer(SentimentTask.BINARY, 3).setSchedule(1, 16, 5).setArchitecture(16, 1, 2).setShowProgress(false);
        List<SystemSpec> systems = List.of(new SystemSpec("CIDer", cider), new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)));
        return new ComparisonExperiment("tiny", iid, ood, systems, List.of(new Rmfm()), new double[] {0.0, 0.5, 1.0}, 4);
    }

    private static List<Double> numbers(ComparisonReport r) {
        List<Double> out = new ArrayList<>();
        for (SweepCurve c : r.view().curves()) {
            for (SentimentMetric m : SentimentMetric.forTask(SentimentTask.BINARY)) {
                out.add(c.auilc(m));
            }
        }
        return out;
    }

    @Test
    void runsEverySystemOnBothCorporaReusesModelsAndReproduces(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        ComparisonReport first = new ComparisonRunner(tinyExperiment(), lines::add).run(null, List.of("test"));
        assertEquals(4, first.view().curves().size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("reusing its models")), String.join("\n", lines));
        ComparisonReportWriter.WrittenReport written = ComparisonReportWriter.write(first, dir);
        assertTrue(Files.readString(written.markdown()).contains("OOD"));
        assertEquals(numbers(first).size(), numbers(first).stream().filter(d -> !d.isNaN()).count());
        ComparisonReport second = new ComparisonRunner(tinyExperiment(), l -> { }).run(null, List.of("test"));
        assertEquals(numbers(first), numbers(second), "the same configuration and seeds must reproduce every number");
        assertEquals(4, JsonResultsReader.read(written.json()).curves().size());
    }

    @Test
    void refusesABadExperiment() {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(8, 4, 4).build();
        List<SystemSpec> twins = List.of(new SystemSpec("A", Baselines.trainer(Baselines.LINEAR_SVM)),
                new SystemSpec("A", Baselines.trainer(Baselines.LINEAR_SVM)));
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class,
                () -> new ComparisonExperiment("x", iid, null, twins, List.of(new Rmfm()), new double[] {0, 1}, 0));
        assertThrows(com.oracle.labs.mlrg.olcut.config.PropertyException.class,
                () -> new ComparisonExperiment("x", iid, null, List.of(twins.get(0)), List.of(new Rmfm()), new double[] {0.5, 0.1}, 0));
    }

    @Test
    void compareCommandNeedsAConfiguration() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CiderMain.run(new String[] {"compare"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(1, code);
        assertTrue(err.toString().contains("--config"), err.toString());
    }
}
