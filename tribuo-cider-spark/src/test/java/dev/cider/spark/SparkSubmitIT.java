package dev.cider.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cider.eval.cli.CiderMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cluster route end to end: the assembly jar handed to Spark's own launcher ({@code org.apache.spark.deploy.SparkSubmit},
 * what {@code spark-submit} runs) against a standalone master and worker whose class path is a Spark installation alone
 * ({@link SparkInstallation}), so the driver's and the executors' (and the trials' processes') classes of this project and
 * its dependencies come from the assembly jar only, and PyTorch's native library is unpacked from it into a fresh DJL cache.
 * Runs in the integration-test phase, after the assembly jar is built (the build passes its path).
 */
class SparkSubmitIT {

    /** The system property with the assembly jar's path. */
    static final String ASSEMBLY_PROPERTY = "cider.assembly.jar";
    /** The system property with the module's verbose dependency tree. */
    static final String TREE_PROPERTY = "cider.dependency.tree";

    /**
     * A results.json without what differs between two runs of the same experiment: the command line, the wall time,
     * the environment of the JVM that wrote the report, and time stamps.
     */
    private static String comparable(Path results) throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(results.toFile());
        ((ObjectNode) json.get("metadata")).remove(List.of("commandLine", "wallTime"));
        json.remove("environment");
        return json.toString().replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "(time)");
    }

    @Test
    void sparkSubmitWithTheAssemblyJarGivesTheLocalEnginesResults(@TempDir Path dir) throws Exception {
        String assembly = System.getProperty(ASSEMBLY_PROPERTY);
        assumeTrue(assembly != null, "runs in the integration-test phase, after the assembly jar is built");
        Path jar = Path.of(assembly);
        assertTrue(Files.isRegularFile(jar), "no assembly jar at " + jar);
        Path config = Path.of(SparkSubmitIT.class.getResource("tiny-submit.xml").toURI());
        Path sparkHome = SparkInstallation.create(dir.resolve("spark-home"), Path.of(System.getProperty(TREE_PROPERTY)));
        String sparkClassPath = SparkInstallation.classPath(sparkHome);
        Path djlCache = Files.createDirectories(dir.resolve("djl-cache"));

        ByteArrayOutputStream localOut = new ByteArrayOutputStream();
        int localCode = CiderMain.run(new String[] {"compare", "--config", config.toString(), "--engine", "local", "--parallel", "2",
                "--out", dir.resolve("local").toString()}, new PrintStream(localOut, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, localCode, localOut.toString(StandardCharsets.UTF_8));

        try (StandaloneCluster cluster = StandaloneCluster.start(dir, sparkHome, sparkClassPath, Map.of("DJL_CACHE_DIR", djlCache.toString()))) {
            List<String> command = StandaloneCluster.java("1g");
            command.addAll(List.of("-Dai.djl.offline=true", "-cp", sparkClassPath, "org.apache.spark.deploy.SparkSubmit",
                    "--class", "dev.cider.eval.cli.CiderMain", "--master", cluster.master(),
                    "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true",
                    jar.toString(),
                    "compare", "--config", config.toString(), "--engine", "spark", "--out", dir.resolve("submitted").toString(),
                    "--conf", "spark.app.name=cider submit test"));
            Path log = dir.resolve("submit.log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(StandaloneCluster.sparkEnvironment(sparkHome));
            pb.environment().put("DJL_CACHE_DIR", djlCache.toString());
            Process submit = pb.start();
            if (!submit.waitFor(5, TimeUnit.MINUTES)) {
                submit.descendants().forEach(ProcessHandle::destroyForcibly);
                submit.destroyForcibly();
            }
            String output = Files.readString(log);
            assertEquals(0, submit.exitValue(), output);
            assertTrue(output.contains("on Spark (master " + cluster.master()), "spark-submit's master: " + output);
            String state = cluster.masterState();
            assertTrue(state.contains("\"name\" : \"cider submit test\"") || state.contains("\"name\":\"cider submit test\""),
                    "--conf after compare reached Spark (the application's name): " + state);
            assertTrue(cluster.executorPrinted("running on this executor"), "the trials ran on the worker's executor");
        }
        assertEquals(comparable(dir.resolve("local").resolve("results.json")), comparable(dir.resolve("submitted").resolve("results.json")));
        try (var trials = Files.list(dir.resolve("submitted").resolve("trials"))) {
            assertEquals(2, trials.filter(p -> p.getFileName().toString().endsWith(".ser")).count(), "each trial stored by the driver");
        }
        try (var unpacked = Files.walk(djlCache)) {
            assertTrue(unpacked.anyMatch(p -> p.getFileName().toString().equals("libtorch_cpu.so")),
                    "the executor's trials unpacked PyTorch from the assembly jar into DJL_CACHE_DIR");
        }
    }
}
