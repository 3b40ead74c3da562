package dev.cider.spark;

import dev.cider.eval.compare.ExperimentRunner;
import dev.cider.eval.compare.LocalTrialEngine;
import dev.cider.eval.compare.TrialEngine;
import dev.cider.eval.compare.TrialEngineSettings;
import dev.cider.eval.report.ComparisonReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A standalone Spark cluster on localhost, started from Spark's own jars ({@link StandaloneCluster}) with this JVM's class
 * path. The executor gets the same class path ({@code spark.executor.extraClassPath}); the worker needs a Spark home only
 * for its (empty) {@code jars} directory. {@link SparkSubmitIT} runs the assembly jar on such a cluster instead.
 */
class StandaloneClusterTest {

    @Test
    void aMasterAndAWorkerOnLocalhostGiveTheLocalEnginesReport(@TempDir Path dir) throws Exception {
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(sparkHome.resolve("jars"));
        try (StandaloneCluster cluster = StandaloneCluster.start(dir, sparkHome, System.getProperty("java.class.path"), Map.of())) {
            String master = cluster.master();
            ComparisonReport local = new ExperimentRunner(TinyExperiments.withCider(), l -> { }, new LocalTrialEngine(2, 0)).run(null, List.of("x"));
            String classPath = System.getProperty("java.class.path");
            List<String> lines = new CopyOnWriteArrayList<>();
            ComparisonReport onCluster;
            try (TrialEngine engine = SparkTrialEngine.start(new TrialEngineSettings(2, 1, master, Map.of(
                    "spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                    "spark.executor.extraClassPath", classPath, "spark.driver.extraClassPath", classPath,
                    "spark.executor.memory", "1g", "spark.executor.extraJavaOptions", "-Dai.djl.offline=true")))) {
                onCluster = new ExperimentRunner(TinyExperiments.withCider(), lines::add, engine, dir.resolve("trials")).run(null, List.of("x"));
            }
            TinyExperiments.assertSameReport(local, onCluster);
            String log = String.join("\n", lines);
            assertEquals(4, lines.stream().filter(l -> l.startsWith("-- trial ") && l.contains(" done in ")).count(), log);
            assertTrue(lines.get(0).contains("master " + master), log);
            assertTrue(cluster.executorPrinted("running on this executor"), "the trials ran on the worker's executor");
        }
    }
}
