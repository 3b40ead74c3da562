package dev.cider.eval.compare;

import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.cli.CiderMain;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.ComparisonReportWriter;
import dev.cider.eval.report.ComparisonRow;
import dev.cider.eval.report.JsonResults;
import dev.cider.eval.report.JsonResultsReader;
import dev.cider.eval.report.ReportedComparison;
import dev.cider.eval.report.SweepCurve;
import dev.cider.metrics.SentimentMetric;
import dev.cider.missing.Rmfm;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentRunnerTest {

    private static ComparisonExperiment tinyExperiment() {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 20).build();
        SyntheticSource ood = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 20)
                .oodTest(true).build();
        CiderTrainer cider = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 16, 5).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
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
        ComparisonReport first = new ExperimentRunner(tinyExperiment(), lines::add).run(null, List.of("test"));
        assertEquals(4 + 2 * 2, first.view().curves().size(), "two systems and the two reference lines in two settings");
        assertTrue(lines.stream().anyMatch(l -> l.contains("reusing its model")), String.join("\n", lines));
        ComparisonReportWriter.WrittenReport written = ComparisonReportWriter.write(first, dir);
        assertTrue(Files.readString(written.markdown()).contains("OOD"));
        assertEquals(numbers(first).size(), numbers(first).stream().filter(d -> !d.isNaN()).count());
        assertEquals(8, JsonResultsReader.read(written.json()).curves().size());
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
        CiderTrainer cider = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 16, 5).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
        List<SystemSpec> systems = List.of(new SystemSpec("CIDer", cider), SystemSpec.variant("CIDer w/o cf", "CIDer", false));
        ComparisonExperiment perSetting = new ComparisonExperiment("tau", iid, ood, systems, List.of(new Rmfm()), new double[] {0.0, 1.0}, 4)
                .withTauPerSetting(true);
        List<String> lines = new ArrayList<>();
        ComparisonReport r = new ExperimentRunner(perSetting, lines::add).run(null, List.of());
        String log = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("reusing its model")), log);
        assertEquals(1, lines.stream().filter(l -> l.contains("[CIDer] training on")).count(), log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("CIDer: tau") && l.contains("OOD valid split (16 utterances)")), log);
        String note = r.trainingNotes().get("CIDer");
        assertTrue(note.contains("chosen on the IID valid split") && note.contains("chosen on the OOD valid split"), note);
        assertTrue(!r.trainingNotes().get("CIDer w/o cf").contains("tau"), r.trainingNotes().get("CIDer w/o cf"));
        assertEquals(4 + 2 * 2, r.view().curves().size());

        List<String> again = new ArrayList<>();
        new ExperimentRunner(new ComparisonExperiment("tau", iid, ood, systems, List.of(new Rmfm()), new double[] {0.0, 1.0}, 4), again::add)
                .run(null, List.of());
        assertEquals(2, again.stream().filter(l -> l.contains("[CIDer] training on")).count(), String.join("\n", again));
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
    void seedsGivenOnTheCommandLineReplaceTheExperiments(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("lr.xml");
        Files.writeString(config, String.join("\n",
                "<config>",
                "  <component name='data' type='dev.cider.data.source.SyntheticSource'>",
                "    <property name='shape' value='mosi-aligned'/><property name='seed' value='9'/>",
                "    <property name='trainSize' value='40'/><property name='validSize' value='8'/><property name='testSize' value='20'/>",
                "  </component>",
                "  <component name='lr' type='dev.cider.eval.compare.SystemSpec'>",
                "    <property name='name' value='LR'/><property name='baseline' value='logistic-regression'/>",
                "  </component>",
                "  <component name='rf' type='dev.cider.eval.compare.SystemSpec'>",
                "    <property name='name' value='RF'/><property name='baseline' value='random-forest'/>",
                "  </component>",
                "  <component name='experiment' type='dev.cider.eval.compare.ComparisonExperiment'>",
                "    <property name='data' value='data'/>",
                "    <propertylist name='systems'><item>lr</item><item>rf</item></propertylist>",
                "    <propertylist name='rates'><item>0.0</item><item>1.0</item></propertylist>",
                "    <property name='bootstrapReplicates' value='100'/>",
                "  </component>",
                "</config>"));
        Path out = dir.resolve("out");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int code = CiderMain.run(new String[] {"compare", "--config", config.toString(), "--out", out.toString(), "--parallel", "1",
                "--training-seeds", "4,5", "--mask-seeds", "1,2"}, new PrintStream(text), new PrintStream(text));
        assertEquals(0, code, text.toString());
        ReportedComparison stored = JsonResultsReader.read(out.resolve("results.json"));
        assertEquals(List.of(4L, 5L), stored.trainingSeeds());
        assertEquals(List.of(1L, 2L), stored.maskSeeds());
        assertEquals(2 * 2 * 2 + 2 * 2, stored.runs().size(), "two systems x two training seeds, and the reference lines"
                + " trained once, each swept with two mask seeds");
        // the same command again reads its six finished trials (four, and the two reference lines) back from the output directory
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(0, CiderMain.run(new String[] {"compare", "--config", config.toString(), "--out", out.toString(), "--parallel", "1",
                "--training-seeds", "4,5", "--mask-seeds", "1,2"}, new PrintStream(again), new PrintStream(again)), again.toString());
        assertTrue(again.toString().contains("6 of 6 trials read back from " + out.resolve("trials")), again.toString());
        assertEquals(stored.curves(), JsonResultsReader.read(out.resolve("results.json")).curves());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, CiderMain.run(new String[] {"compare", "--config", config.toString(), "--out", out.toString(),
                "--training-seeds", "4,4"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)));
        assertTrue(err.toString().contains("trainingSeeds must be distinct"), err.toString());
    }

    @Test
    void testsModelsOnAnotherCorpusWithTheSameLayout() throws Exception {
        SyntheticSource a = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(1).sizes(40, 10, 20).build();
        SyntheticSource b = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(2).sizes(10, 10, 25).build();
        List<SystemSpec> lr = List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)));
        ComparisonExperiment e = new ComparisonExperiment("cross", a, null, lr, List.of(new Rmfm()), new double[] {0.0, 1.0}, 0)
                .withCrossData("MOSI->other", b);
        List<String> lines = new ArrayList<>();
        ComparisonReport r = new ExperimentRunner(e, lines::add).run(null, List.of());
        assertEquals(2 + 2 * 2, r.view().curves().size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("MOSI->other") && l.contains("25 test utterances")), String.join("\n", lines));
        SyntheticSource unaligned = SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).task(SentimentTask.BINARY).seed(2).sizes(10, 10, 10).build();
        ComparisonExperiment bad = new ComparisonExperiment("cross", a, null, lr, List.of(new Rmfm()), new double[] {0.0, 1.0}, 0)
                .withCrossData("x", unaligned);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new ExperimentRunner(bad, l -> { }).run(null, List.of()));
        assertTrue(ex.getMessage().contains("layout"), ex.getMessage());
    }

    /**
     * Rerunning the same multi-seed configuration in a new process reproduces every file apart from timings, whether the
     * trials run one at a time or two side by side.
     */
    @Test
    void rerunningAConfigurationReproducesEveryFileWhateverTheParallelism(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tiny.xml");
        Files.writeString(config, String.join("\n",
                "<config>",
                "  <component name='data' type='dev.cider.data.source.SyntheticSource'>",
                "    <property name='shape' value='mosi-aligned'/><property name='seed' value='9'/>",
                "    <property name='trainSize' value='48'/><property name='validSize' value='16'/><property name='testSize' value='20'/>",
                "  </component>",
                "  <component name='cider-architecture' type='dev.cider.train.CiderArchitecture'>",
                "    <property name='hiddenDim' value='16'/><property name='layers' value='1'/><property name='heads' value='2'/>",
                "  </component>",
                "  <component name='cider-trainer' type='dev.cider.train.CiderTrainer'>",
                "    <property name='epochs' value='1'/><property name='batchSize' value='16'/>",
                "    <property name='architecture' value='cider-architecture'/><property name='showProgress' value='false'/>",
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
                "    <propertylist name='trainingSeeds'><item>1</item><item>2</item></propertylist>",
                "    <propertylist name='maskSeeds'><item>0</item><item>5</item></propertylist>",
                "    <property name='bootstrapReplicates' value='300'/>",
                "  </component>",
                "</config>"));
        List<Path> outs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("run" + i);
            outs.add(out);
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                    "-cp", System.getProperty("java.class.path"), "dev.cider.eval.cli.CiderMain",
                    "compare", "--config", config.toString(), "--out", out.toString(), "--parallel", Integer.toString(i + 1));
            pb.redirectErrorStream(true);
            Path log = dir.resolve("log" + i + ".txt");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            assertEquals(0, p.waitFor(), () -> readQuietly(log));
        }
        ReportedComparison first = JsonResultsReader.read(outs.get(0).resolve("results.json"));
        ReportedComparison second = JsonResultsReader.read(outs.get(1).resolve("results.json"));
        assertEquals(List.of(1L, 2L), first.trainingSeeds());
        assertEquals(2 * 2 * 2 + 2 * 2, first.runs().size(), "two systems, two training seeds, two mask seeds; the reference lines once");
        assertEquals(first.curves(), second.curves(), "every estimate, interval and per-seed value");
        assertEquals(first.pairs(), second.pairs());
        for (String file : List.of("results.csv", "pairs.csv")) {
            assertEquals(Files.readString(outs.get(0).resolve(file)), Files.readString(outs.get(1).resolve(file)), file);
        }
        assertEquals(withoutTimings(Files.readString(outs.get(0).resolve("report.md"))),
                withoutTimings(Files.readString(outs.get(1).resolve("report.md"))));
        SweepCurve cider = first.view().curve("IID", "CIDer", SentimentTask.BINARY).orElseThrow();
        assertEquals(2, cider.auilcEstimate(SentimentMetric.ACC2_NON0).perSeed().length);
    }

    /** The report without the lines that hold the wall time and the command line (which names the output directory). */
    private static String withoutTimings(String md) {
        return md.lines().filter(l -> !l.startsWith("| wallTime |") && !l.startsWith("| commandLine |"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /**
     * A paired, seeded run in one process: every system trained once per training seed with that seed (visible in its
     * model provenance), tau chosen per seed, trials side by side giving the same report as one at a time.
     */
    @Test
    void trainsEverySystemOncePerSeedWithThatSeedAndParallelTrialsChangeNothing() throws Exception {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 30).build();
        CiderTrainer cider = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 16, 5).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
        java.util.function.Supplier<ComparisonExperiment> experiment = () -> new ComparisonExperiment("seeded", iid, null,
                List.of(new SystemSpec("CIDer", cider), new SystemSpec("RF", Baselines.trainer(Baselines.RANDOM_FOREST)),
                        new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION))),
                List.of(new Rmfm()), new double[] {0.0, 0.5, 1.0}, 0).withSeeds(List.of(21L, 22L, 23L), List.of(0L)).withBootstrap(200, 3);
        List<String> lines = new ArrayList<>();
        ComparisonReport one = new ExperimentRunner(experiment.get(), lines::add, new LocalTrialEngine(1)).run(null, List.of());
        ComparisonReport two = new ExperimentRunner(experiment.get(), l -> { }, new LocalTrialEngine(2)).run(null, List.of());
        assertEquals(3 * 3 + 2, one.rows().size(), "three systems x three seeds, and the two reference lines trained once");
        for (ComparisonRow row : one.rows()) {
            if (ReferenceLines.isReference(row.result().system())) {
                assertEquals(null, row.result().trainingSeed(), "a reference line is deterministic and trained once");
                continue;
            }
            long seed = row.result().trainingSeed();
            List<Long> seeds = SeededTrainersTest.seeds(row.result().modelProvenance().getTrainerProvenance());
            assertTrue(!seeds.isEmpty() && seeds.stream().allMatch(v -> v == seed), row.result().system() + " trained with " + seeds);
        }
        // every model, a Tribuo baseline's as much as CIDer's, records what moves its numbers; so does the report
        for (ComparisonRow row : one.rows()) {
            Map<String, ?> run = row.result().modelProvenance().getInstanceProvenance().getMap();
            assertTrue(run.containsKey("numerics.aten.cpu-capability") && run.containsKey("numerics.cpu.model-name"),
                    row.result().system() + ": " + run.keySet());
        }
        assertTrue(one.environment().containsKey("mode") && one.environment().containsKey("cpu.x86-level"), one.environment().toString());
        assertTrue(JsonResults.toJson(one).get("environment").has("aten.cpu-capability"));
        SweepCurve forest = one.view().curve("IID", "RF", SentimentTask.BINARY).orElseThrow();
        assertTrue(forest.auilcEstimate(SentimentMetric.ACC2_NON0).sd() > 0, "bootstrap samples differ with the seed");
        assertTrue(one.trainingNotes().get("CIDer").contains("seed 22: tau"), one.trainingNotes().get("CIDer"));
        assertEquals(2 * 2 * 5, one.comparisons().size(), "CIDer vs RF and CIDer vs LR, AUILC and complete input, five metrics");
        // trials in separate processes compute exactly what they compute here: every estimate, pair and per-run value
        com.fasterxml.jackson.databind.node.ObjectNode a = JsonResults.toJson(one);
        com.fasterxml.jackson.databind.node.ObjectNode b = JsonResults.toJson(two);
        assertEquals(a.get("curves"), b.get("curves"));
        assertEquals(a.get("pairs"), b.get("pairs"));
        for (int i = 0; i < a.get("runs").size(); i++) {
            assertEquals(a.get("runs").get(i).get("points"), b.get("runs").get(i).get("points"), "run " + i);
        }
        assertEquals(one.trainingNotes(), two.trainingNotes());
        assertTrue(lines.stream().anyMatch(l -> l.contains("11 trials (3 training seeds [21, 22, 23])")), String.join("\n", lines));
    }

    @Test
    void aTrialThatFailsIsNamedWithItsError(@TempDir Path dir) throws Exception {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(24, 8, 8).build();
        Path notAModel = Files.writeString(dir.resolve("broken.tribuo"), "this is not a model");
        ComparisonExperiment e = new ComparisonExperiment("broken", iid, null,
                List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)), SystemSpec.loaded("Saved", notAModel)),
                List.of(new Rmfm()), new double[] {0.0, 1.0}, 0);
        TrialFailedException ex = assertThrows(TrialFailedException.class, () -> new ExperimentRunner(e, l -> { }).run(null, List.of()));
        assertTrue(ex.getMessage().startsWith("1 of 4 trials failed: Saved: "), ex.getMessage());
        assertTrue(ex.getMessage().contains(notAModel.toString()), ex.getMessage());
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }
}
