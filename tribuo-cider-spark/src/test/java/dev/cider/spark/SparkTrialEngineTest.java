package dev.cider.spark;

import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.ExperimentRunner;
import dev.cider.eval.compare.LocalTrialEngine;
import dev.cider.eval.compare.SystemSpec;
import dev.cider.eval.compare.TrialEngine;
import dev.cider.eval.compare.TrialEngineSettings;
import dev.cider.eval.compare.TrialEngines;
import dev.cider.eval.compare.TrialFailedException;
import dev.cider.eval.compare.TrialPlan;
import dev.cider.eval.report.ComparisonReport;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark engine with an embedded local master. */
class SparkTrialEngineTest {

    private static TrialEngine spark(int retries) {
        return TrialEngines.named("spark", new TrialEngineSettings(2, retries, "local[2]", Map.of("spark.ui.enabled", "false")));
    }

    @Test
    void localTwoGivesTheLocalEnginesReportAndStoresEveryTrial(@TempDir Path dir) throws Exception {
        // the local engine with trials side by side, each in its own process as on Spark (in one process, a baseline trained
        // after a CIDer trial records PyTorch's thread counts in its provenance, one trained before records none)
        ComparisonReport local = new ExperimentRunner(TinyExperiments.withCider(), l -> { }, new LocalTrialEngine(2, 0)).run(null, List.of("x"));
        List<String> lines = new CopyOnWriteArrayList<>();
        ComparisonReport onSpark;
        try (TrialEngine engine = spark(0)) {
            assertTrue(engine instanceof SparkTrialEngine, engine.getClass().getName());
            assertEquals("local[2,1]", ((SparkTrialEngine) engine).context().master());
            onSpark = new ExperimentRunner(TinyExperiments.withCider(), lines::add, engine, dir.resolve("trials")).run(null, List.of("x"));
        }
        String log = String.join("\n", lines);
        TinyExperiments.assertSameReport(local, onSpark);
        assertEquals(4, lines.stream().filter(l -> l.startsWith("-- trial ") && l.contains(" done in ")).count(), log);
        for (int i = 0; i < 4; i++) {
            assertTrue(Files.isRegularFile(dir.resolve("trials").resolve("trial-" + i + ".ser")), log);
        }
    }

    @Test
    void aFailedTaskIsRetriedAndATrialThatKeepsFailingIsNamed(@TempDir Path dir) throws Exception {
        Path attempts = dir.resolve("attempts.txt");
        ComparisonExperiment flaky = TinyExperiments.baselines(List.of(new SystemSpec("Flaky", new FlakyTrainer(attempts, 1))));
        assertEquals(2, TrialPlan.expand(flaky).size());
        ComparisonReport retried;
        try (TrialEngine engine = spark(1)) {
            retried = new ExperimentRunner(flaky, l -> { }, engine, dir.resolve("flaky")).run(null, List.of("x"));
        }
        assertEquals(2, FlakyTrainer.attempts(attempts), "the first attempt failed, Spark ran the task again");
        // the same experiment on the local engine, which retries in its own way, gives the same report
        Path localAttempts = dir.resolve("local").resolve("attempts.txt");
        Files.createDirectories(localAttempts.getParent());
        ComparisonReport local = new ExperimentRunner(TinyExperiments.baselines(List.of(new SystemSpec("Flaky", new FlakyTrainer(localAttempts, 1)))),
                l -> { }, new LocalTrialEngine(2, 1)).run(null, List.of("x"));
        assertEquals(2, FlakyTrainer.attempts(localAttempts));
        TinyExperiments.assertSameReport(local, retried, localAttempts.toString(), attempts.toString());

        Path always = dir.resolve("always.txt");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (TrialEngine engine = spark(1)) {
            TrialFailedException e = assertThrows(TrialFailedException.class, () -> new ExperimentRunner(TinyExperiments.baselines(
                    List.of(new SystemSpec("Broken", new FlakyTrainer(always, 100)))), lines::add, engine, dir.resolve("broken")).run(null, List.of()));
            assertTrue(e.getMessage().startsWith("1 of 2 trials failed: Broken: "), e.getMessage());
            assertTrue(e.getMessage().contains("failed 2 times"), e.getMessage());
            assertTrue(e.getMessage().contains("training attempt 2 fails on purpose"), e.getMessage());
        }
        assertEquals(2, FlakyTrainer.attempts(always), "tried once and retried once");
        assertTrue(Files.isRegularFile(dir.resolve("broken").resolve("trial-0.ser")), "the trial that finished is stored: " + String.join("\n", lines));
    }

    @Test
    void aLocalMasterGetsTaskRetries() {
        assertEquals("local[2,3]", SparkTrialEngine.withTaskRetries("local[2]", 2));
        assertEquals("local[*,1]", SparkTrialEngine.withTaskRetries("local[*]", 0));
        assertEquals("local[1,2]", SparkTrialEngine.withTaskRetries("local", 1));
        assertEquals("local[2,5]", SparkTrialEngine.withTaskRetries("local[2,5]", 1));
        assertEquals("spark://h:7077", SparkTrialEngine.withTaskRetries("spark://h:7077", 1));
    }

    @Test
    void mastersAreComparedWithoutTheirFailureCounts() {
        assertEquals("local[2]", SparkTrialEngine.withoutTaskRetries("local[2,3]"));
        assertEquals("local[1]", SparkTrialEngine.withoutTaskRetries(" local "));
        assertEquals("local[*]", SparkTrialEngine.withoutTaskRetries("local[*,2]"));
        assertEquals("spark://h:7077", SparkTrialEngine.withoutTaskRetries("spark://h:7077"));
    }

    @Test
    void anActiveContextIsJoinedAndLeftRunning() {
        SparkContext running = SparkContext.getOrCreate(new SparkConf().setMaster("local[1]").setAppName("someone else's")
                .set("spark.ui.enabled", "false"));
        try {
            try (SparkTrialEngine engine = SparkTrialEngine.start(new TrialEngineSettings(2, 1, "local[1]", Map.of("spark.ui.enabled", "false")))) {
                assertSame(running, engine.context().sc());
            }
            assertFalse(running.isStopped(), "the engine did not start the context, so it leaves it running");
            IllegalArgumentException master = assertThrows(IllegalArgumentException.class,
                    () -> SparkTrialEngine.start(new TrialEngineSettings(2, 1, "spark://elsewhere:7077", Map.of())));
            assertTrue(master.getMessage().contains("--master spark://elsewhere:7077 differs from the active Spark context's master local[1]"),
                    master.getMessage());
            IllegalArgumentException conf = assertThrows(IllegalArgumentException.class,
                    () -> SparkTrialEngine.start(new TrialEngineSettings(2, 1, null, Map.of("spark.executor.memory", "3g"))));
            assertTrue(conf.getMessage().contains("spark.executor.memory=3g (the context has none)"), conf.getMessage());
        } finally {
            running.stop();
        }
    }

    @Test
    void theMasterSparkSubmitGaveIsUsedAndAnotherOneRefused() {
        System.setProperty(SparkTrialEngine.MASTER_PROPERTY, "local[1]");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparkTrialEngine.start(new TrialEngineSettings(2, 1, "local[2]", Map.of())));
            assertTrue(e.getMessage().contains("--master local[2] differs from spark-submit's (spark.master) master local[1]"), e.getMessage());
            try (SparkTrialEngine engine = SparkTrialEngine.start(new TrialEngineSettings(2, 2, null, Map.of("spark.ui.enabled", "false",
                    "spark.app.name", "submitted")))) {
                assertEquals("local[1,3]", engine.context().master(), "spark-submit's master, with the task retries");
                assertEquals("submitted", engine.context().appName(), "the --conf properties reach the context");
                assertEquals("3", engine.context().getConf().get("spark.task.maxFailures"));
            }
        } finally {
            System.clearProperty(SparkTrialEngine.MASTER_PROPERTY);
        }
    }
}
