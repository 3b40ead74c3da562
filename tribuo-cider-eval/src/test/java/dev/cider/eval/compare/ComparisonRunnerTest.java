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
        assertEquals(4, JsonResultsReader.read(written.json()).curves().size());
    }

    /*
     * With tauPerSetting an OOD corpus that differs from the IID one only in its (shifted) valid and test splits reuses
     * the IID models, and CIDer's tau is chosen again on the OOD valid split; the variant without debiasing keeps none.
     * Without it, the different valid split means the models are trained again.
     */
    @Test
    void choosesTauOnEachSettingsValidSplitWhenAsked() throws Exception {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 20).build();
        SyntheticSource ood = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 20)
                .oodTest(true).oodValid(true).build();
        CiderTrainer cider = new CiderTrainer(SentimentTask.BINARY, 3).setSchedule(1, 16, 5).setArchitecture(16, 1, 2).setShowProgress(false);
        List<SystemSpec> systems = List.of(new SystemSpec("CIDer", cider), SystemSpec.variant("CIDer w/o cf", "CIDer", false));
        ComparisonExperiment perSetting = new ComparisonExperiment("tau", iid, ood, systems, List.of(new Rmfm()), new double[] {0.0, 1.0}, 4)
                .withTauPerSetting(true);
        List<String> lines = new ArrayList<>();
        ComparisonReport r = new ComparisonRunner(perSetting, lines::add).run(null, List.of());
        String log = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("reusing its models")), log);
        assertEquals(1, lines.stream().filter(l -> l.contains("training CIDer")).count(), log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("CIDer: tau") && l.contains("OOD valid split (16 utterances)")), log);
        String note = r.trainingNotes().get("CIDer");
        assertTrue(note.contains("chosen on the IID valid split") && note.contains("chosen on the OOD valid split"), note);
        assertTrue(!r.trainingNotes().get("CIDer w/o cf").contains("tau"), r.trainingNotes().get("CIDer w/o cf"));
        assertEquals(4, r.view().curves().size());

        List<String> again = new ArrayList<>();
        new ComparisonRunner(new ComparisonExperiment("tau", iid, ood, systems, List.of(new Rmfm()), new double[] {0.0, 1.0}, 4), again::add)
                .run(null, List.of());
        assertEquals(2, again.stream().filter(l -> l.contains("training CIDer")).count(), String.join("\n", again));
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

    @Test
    void testsModelsOnAnotherCorpusWithTheSameLayout() throws Exception {
        SyntheticSource a = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(1).sizes(40, 10, 20).build();
        SyntheticSource b = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(2).sizes(10, 10, 25).build();
        List<SystemSpec> lr = List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)));
        ComparisonExperiment e = new ComparisonExperiment("cross", a, null, lr, List.of(new Rmfm()), new double[] {0.0, 1.0}, 0)
                .withCrossData("MOSI->other", b);
        List<String> lines = new ArrayList<>();
        ComparisonReport r = new ComparisonRunner(e, lines::add).run(null, List.of());
        assertEquals(2, r.view().curves().size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("MOSI->other") && l.contains("25 test utterances")), String.join("\n", lines));
        SyntheticSource unaligned = SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).task(SentimentTask.BINARY).seed(2).sizes(10, 10, 10).build();
        ComparisonExperiment bad = new ComparisonExperiment("cross", a, null, lr, List.of(new Rmfm()), new double[] {0.0, 1.0}, 0)
                .withCrossData("x", unaligned);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new ComparisonRunner(bad, l -> { }).run(null, List.of()));
        assertTrue(ex.getMessage().contains("layout"), ex.getMessage());
    }

    /** Rerunning the same configuration in a new process reproduces every number exactly. */
    @Test
    void rerunningAConfigurationReproducesEveryNumber(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tiny.xml");
        Files.writeString(config, String.join("\n",
                "<config>",
                "  <component name='data' type='dev.cider.data.source.SyntheticSource'>",
                "    <property name='shape' value='mosi-aligned'/><property name='seed' value='9'/>",
                "    <property name='trainSize' value='48'/><property name='validSize' value='16'/><property name='testSize' value='20'/>",
                "  </component>",
                "  <component name='cider-trainer' type='dev.cider.train.CiderTrainer'>",
                "    <property name='epochs' value='1'/><property name='batchSize' value='16'/><property name='hiddenDim' value='16'/>",
                "    <property name='layers' value='1'/><property name='heads' value='2'/><property name='showProgress' value='false'/>",
                "  </component>",
                "  <component name='cider' type='dev.cider.eval.compare.SystemSpec'>",
                "    <property name='name' value='CIDer'/><property name='trainer' value='cider-trainer'/>",
                "  </component>",
                "  <component name='lr' type='dev.cider.eval.compare.SystemSpec'>",
                "    <property name='name' value='LR'/><property name='baseline' value='logistic-regression'/>",
                "  </component>",
                "  <component name='experiment' type='dev.cider.eval.compare.ComparisonExperiment'>",
                "    <property name='data' value='data'/>",
                "    <propertylist name='systems'><item>cider</item><item>lr</item></propertylist>",
                "    <propertylist name='rates'><item>0.0</item><item>0.5</item><item>1.0</item></propertylist>",
                "  </component>",
                "</config>"));
        List<List<Double>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("run" + i);
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                    "-cp", System.getProperty("java.class.path"), "dev.cider.eval.cli.CiderMain",
                    "compare", "--config", config.toString(), "--out", out.toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(dir.resolve("log" + i + ".txt").toFile());
            Process p = pb.start();
            assertEquals(0, p.waitFor(), () -> readQuietly(dir.resolve("log0.txt")));
            List<Double> values = new ArrayList<>();
            for (SweepCurve c : JsonResultsReader.read(out.resolve("results.json")).curves()) {
                for (SentimentMetric m : SentimentMetric.forTask(SentimentTask.BINARY)) {
                    values.add(c.auilc(m));
                }
            }
            runs.add(values);
        }
        assertEquals(2 * 5, runs.get(0).size());
        assertEquals(runs.get(0), runs.get(1), "the same configuration and seeds must reproduce every number");
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }
}
