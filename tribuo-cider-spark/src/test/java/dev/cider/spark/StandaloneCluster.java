package dev.cider.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A standalone Spark cluster on localhost for the tests: a master and one worker of two cores, started as child
 * processes from Spark's own classes with a given class path and Spark home (the worker starts its executors with the
 * Spark home's {@code jars} directory on their class path), each with its web UI on a free port. Closing it stops both.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*[1-9]");

    private final Path logs;
    private final Path work;
    private final String master;
    private final List<Process> processes = new ArrayList<>();

    private final int webUiPort;

    private StandaloneCluster(Path logs, Path work, String master, int webUiPort) {
        this.logs = logs;
        this.work = work;
        this.master = master;
        this.webUiPort = webUiPort;
    }

    /**
     * Starts a master and a worker and waits until the worker has registered.
     * @param dir Where the logs ({@code master.log}, {@code worker.log}) and the worker's directory ({@code work}) go.
     * @param sparkHome The Spark home of the worker.
     * @param classPath The class path of the master and the worker.
     * @param environment Further environment variables of both (and so of the executors and the trials' processes).
     * @return The running cluster.
     * @throws Exception if it does not start; the worker's log is in the message.
     */
    static StandaloneCluster start(Path dir, Path sparkHome, String classPath, Map<String, String> environment) throws Exception {
        int port = freePort();
        StandaloneCluster cluster = new StandaloneCluster(dir, Files.createDirectories(dir.resolve("work")), "spark://127.0.0.1:" + port, freePort());
        try {
            Process m = cluster.launch("master", sparkHome, classPath, environment, "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(cluster.webUiPort));
            Process w = cluster.launch("worker", sparkHome, classPath, environment, "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()),
                    "--cores", "2", "--memory", "2g", "--work-dir", cluster.work.toString(), cluster.master);
            cluster.awaitRegistration(m, w);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** @return The master URL. */
    String master() {
        return master;
    }

    /** @return The worker's directory (the executors' standard output is under it). */
    Path work() {
        return work;
    }

    /**
     * The master's state as its web UI gives it ({@code /json/}: workers, running and completed applications).
     * @return The JSON text.
     * @throws IOException if the master does not answer.
     */
    String masterState() throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + webUiPort + "/json/").toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    /**
     * The Java command of a Spark process: this JVM's java with Spark's Java 17 flags (not the test logging configuration,
     * as the worker's INFO lines tell when it registered).
     * @param heap The maximum heap.
     * @return The command's start.
     */
    static List<String> java(String heap) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || arg.startsWith("-Djdk.reflect")) {
                command.add(arg);
            }
        }
        return command;
    }

    /**
     * Whether some executor of the worker printed a text.
     * @param text The text.
     * @return True if an executor's standard output holds it.
     */
    boolean executorPrinted(String text) throws IOException {
        try (var files = Files.walk(work)) {
            return files.filter(p -> p.getFileName().toString().equals("stdout")).anyMatch(p -> {
                try {
                    return Files.readString(p).contains(text);
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    private Process launch(String name, Path sparkHome, String classPath, Map<String, String> environment, String mainClass,
                           String... args) throws IOException {
        List<String> command = java("256m");
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        pb.environment().putAll(sparkEnvironment(sparkHome));
        pb.environment().putAll(environment);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /**
     * The environment of a Spark process on localhost.
     * @param sparkHome The Spark home.
     * @return The variables.
     */
    static Map<String, String> sparkEnvironment(Path sparkHome) {
        return Map.of("SPARK_LOCAL_IP", "127.0.0.1", "SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /*
     * Waits until the master lists the worker as alive (asked through its web UI: a Spark installation without a logging
     * provider logs nothing).
     */
    private void awaitRegistration(Process master, Process worker) throws Exception {
        Path workerLog = logs.resolve("worker.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (ALIVE_WORKERS.matcher(masterState()).find()) {
                    return;
                }
            } catch (IOException notYet) {
                // the master's web UI is not up yet
            }
            if (!master.isAlive() || !worker.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        fail("The worker did not register with the master; its log:\n" + (Files.exists(workerLog) ? Files.readString(workerLog) : "(none)"));
    }

    /** Stops the worker (and its executors) and the master. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
