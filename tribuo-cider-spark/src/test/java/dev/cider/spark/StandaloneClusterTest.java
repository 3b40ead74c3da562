package dev.cider.spark;

import dev.cider.eval.compare.ExperimentRunner;
import dev.cider.eval.compare.LocalTrialEngine;
import dev.cider.eval.compare.TrialEngine;
import dev.cider.eval.compare.TrialEngineSettings;
import dev.cider.eval.report.ComparisonReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A standalone Spark cluster on localhost, started from Spark's own jars: a master and one worker as child processes with
 * this JVM's class path. The executor gets the same class path ({@code spark.executor.extraClassPath}); the worker needs
 * a Spark home only for its (empty) {@code jars} directory.
 */
class StandaloneClusterTest {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process start(Path dir, String name, Path sparkHome, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // Spark's Java 17 flags; not the test logging configuration, as the worker's INFO lines tell when it registered
            if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || arg.startsWith("-Djdk.reflect")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        return pb.start();
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMasterAndAWorkerOnLocalhostGiveTheLocalEnginesReport(@TempDir Path dir) throws Exception {
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(sparkHome.resolve("jars"));
        Path work = Files.createDirectories(dir.resolve("work"));
        int masterPort = freePort();
        String master = "spark://127.0.0.1:" + masterPort;
        Process masterProcess = null;
        Process workerProcess = null;
        try {
            masterProcess = start(dir, "master", sparkHome, "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort()));
            workerProcess = start(dir, "worker", sparkHome, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()), "--cores", "2", "--memory", "2g",
                    "--work-dir", work.toString(), master);
            awaitRegistration(dir.resolve("worker.log"), masterProcess, workerProcess);

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
            try (var executorLogs = Files.walk(work)) {
                assertTrue(executorLogs.filter(p -> p.getFileName().toString().equals("stdout")).anyMatch(p -> {
                    try {
                        return Files.readString(p).contains("running on this executor");
                    } catch (IOException e) {
                        return false;
                    }
                }), "the trials ran on the worker's executor");
            }
        } finally {
            stop(workerProcess);
            stop(masterProcess);
        }
    }

    private static void awaitRegistration(Path workerLog, Process master, Process worker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(workerLog) && Files.readString(workerLog).contains("Successfully registered with master")) {
                return;
            }
            if (!master.isAlive() || !worker.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        fail("The worker did not register with the master; its log:\n" + (Files.exists(workerLog) ? Files.readString(workerLog) : "(none)"));
    }
}
