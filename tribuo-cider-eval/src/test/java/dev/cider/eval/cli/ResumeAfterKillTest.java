package dev.cider.eval.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cider.eval.report.ComparisonReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Killing a running {@code cider compare} and starting it again runs only the trials the killed run did not finish, and
 * gives the report of an uninterrupted run. The command runs in child JVMs ({@link CiderMain} on this class path), with
 * trials side by side in their own processes (as the launcher's default on more than one core).
 */
class ResumeAfterKillTest {

    /** Two tiny CIDer trainings and two logistic regressions per seed, three seeds, and the two reference lines. */
    private static final String CONFIG = String.join("\n",
            "<config>",
            "  <component name='iid' type='dev.cider.data.source.SyntheticSource'>",
            "    <property name='shape' value='mosi-aligned'/><property name='split' value='train'/><property name='task' value='BINARY'/>",
            "    <property name='seed' value='5'/><property name='trainSize' value='60'/><property name='validSize' value='20'/>",
            "    <property name='testSize' value='30'/>",
            "  </component>",
            "  <component name='rmfm' type='dev.cider.missing.Rmfm'/>",
            "  <component name='cider-architecture' type='dev.cider.train.CiderArchitecture'>",
            "    <property name='layers' value='1'/><property name='heads' value='2'/>",
            "  </component>",
            "  <component name='cider-trainer' type='dev.cider.train.CiderTrainer'>",
            "    <property name='task' value='BINARY'/><property name='architecture' value='cider-architecture'/>",
            "    <property name='batchSize' value='16'/><property name='epochs' value='1'/><property name='seed' value='7'/>",
            "  </component>",
            "  <component name='cider' type='dev.cider.eval.compare.SystemSpec'>",
            "    <property name='name' value='CIDer'/><property name='trainer' value='cider-trainer'/>",
            "  </component>",
            "  <component name='lr' type='dev.cider.eval.compare.SystemSpec'>",
            "    <property name='name' value='LR'/><property name='baseline' value='logistic-regression'/>",
            "  </component>",
            "  <component name='experiment' type='dev.cider.eval.compare.ComparisonExperiment'>",
            "    <property name='title' value='resume'/><property name='data' value='iid'/>",
            "    <propertylist name='systems'><item>cider</item><item>lr</item></propertylist>",
            "    <propertylist name='patterns'><item>rmfm</item></propertylist>",
            "    <propertylist name='trainingSeeds'><item>1</item><item>2</item><item>3</item></propertylist>",
            "    <propertylist name='maskSeeds'><item>0</item></propertylist>",
            "  </component>",
            "</config>");

    private static final int TRIALS = 2 * 3 + 2;

    private static Process compare(Path workDir, Path log) throws IOException {
        Files.createDirectories(workDir);
        Files.writeString(workDir.resolve("experiment.xml"), CONFIG);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CiderMain.class.getName(), "compare", "--config", "experiment.xml",
                "--out", "out", "--parallel", "2", "--retries", "0"));
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<String> finish(Process p, Path log) throws Exception {
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("cider compare did not finish; its output:\n" + Files.readString(log));
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        return lines;
    }

    private static long storedTrials(Path trials) throws IOException {
        if (!Files.isDirectory(trials)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(trials)) {
            return files.filter(f -> f.getFileName().toString().matches("trial-\\d+\\.ser")).count();
        }
    }

    /** results.json without the wall time and the time stamps of provenance (when a data source was read). */
    private static String results(Path workDir) throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(workDir.resolve("out").resolve("results.json").toFile());
        ((ObjectNode) json.get("metadata")).remove(ComparisonReport.WALL_TIME);
        return json.toString().replaceAll("\"value\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]*\"", "\"value\":\"(time)\"")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "(time)");
    }

    private static long doneLines(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("-- trial ") && l.contains(" done in ")).count();
    }

    @Test
    void aKilledExperimentResumesWithTheUnfinishedTrialsOnly(@TempDir Path dir) throws Exception {
        Path killed = dir.resolve("killed");
        Path trials = killed.resolve("out").resolve("trials");
        Process first = compare(killed, dir.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (storedTrials(trials) == 0 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the run ended before it could be killed:\n" + Files.readString(dir.resolve("first.log")));
        first.descendants().forEach(ProcessHandle::destroyForcibly);
        first.destroyForcibly();
        first.waitFor(30, TimeUnit.SECONDS);
        long finished = storedTrials(trials);
        assertTrue(finished >= 1 && finished < TRIALS, finished + " trials stored when the run was killed");

        List<String> rerun = finish(compare(killed, dir.resolve("rerun.log")), dir.resolve("rerun.log"));
        String log = String.join("\n", rerun);
        assertTrue(rerun.contains("== " + finished + " of " + TRIALS + " trials read back from " + Path.of("out", "trials")), log);
        assertEquals(TRIALS - finished, doneLines(rerun), log);
        assertEquals(TRIALS, storedTrials(trials));

        Path whole = dir.resolve("whole");
        List<String> uninterrupted = finish(compare(whole, dir.resolve("whole.log")), dir.resolve("whole.log"));
        assertEquals(TRIALS, doneLines(uninterrupted), String.join("\n", uninterrupted));
        String expected = results(whole);
        String actual = results(killed);
        if (!expected.equals(actual)) {
            int i = 0;
            while (i < Math.min(expected.length(), actual.length()) && expected.charAt(i) == actual.charAt(i)) {
                i++;
            }
            int from = Math.max(0, i - 300);
            fail("results.json of the resumed run differs from the uninterrupted run's at character " + i + ":\nexpected ..."
                    + expected.substring(from, Math.min(expected.length(), i + 200)) + "\nactual   ..." + actual.substring(from, Math.min(actual.length(), i + 200)));
        }
    }
}
