package dev.cider.eval.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cider reproduce --results}: a comparison written by {@code cider compare} is rerun from its results.json alone
 * (exit 0, identical), an edited number is found (exit 1, named), and misuse fails with exit 2.
 */
class ReproduceResultsCommandTest {

    @TempDir
    static Path dir;

    private static Path results;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @BeforeAll
    static void compare() throws Exception {
        Path config = dir.resolve("lr.xml");
        Files.writeString(config, String.join("\n",
                "<config>",
                "  <component name='data' type='dev.cider.data.source.SyntheticSource'>",
                "    <property name='shape' value='mosi-aligned'/><property name='seed' value='4'/>",
                "    <property name='trainSize' value='40'/><property name='validSize' value='8'/><property name='testSize' value='24'/>",
                "  </component>",
                "  <component name='lr' type='dev.cider.eval.compare.SystemSpec'>",
                "    <property name='name' value='LR'/><property name='baseline' value='logistic-regression'/>",
                "  </component>",
                "  <component name='svm' type='dev.cider.eval.compare.SystemSpec'>",
                "    <property name='name' value='SVM'/><property name='baseline' value='linear-svm'/>",
                "  </component>",
                "  <component name='experiment' type='dev.cider.eval.compare.ComparisonExperiment'>",
                "    <property name='data' value='data'/>",
                "    <propertylist name='systems'><item>lr</item><item>svm</item></propertylist>",
                "    <propertylist name='rates'><item>0.0</item><item>0.5</item><item>1.0</item></propertylist>",
                "    <propertylist name='trainingSeeds'><item>1</item><item>2</item></propertylist>",
                "    <property name='bootstrapReplicates' value='200'/>",
                "  </component>",
                "</config>"));
        Path out = dir.resolve("first");
        CliRun compare = run("compare", "--config", config.toString(), "--out", out.toString(), "--parallel", "1");
        assertEquals(0, compare.code(), compare.out() + compare.err());
        results = out.resolve("results.json");
    }

    @Test
    void rerunsAComparisonFromItsResultsFileIdentically() throws Exception {
        Path rerun = dir.resolve("rerun");
        Path json = dir.resolve("repro.json");
        CliRun r = run("reproduce", "--results", results.toString(), "--parallel", "1", "--out", rerun.toString(), "--output", json.toString());
        assertEquals(ReproduceCommand.IDENTICAL, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Reproducing " + results + ": IDENTICAL"), r.out());
        assertTrue(Files.isRegularFile(rerun.resolve("report.md")), "the rerun's report is written");
        assertTrue(Files.readString(json).contains("\"cider-reproduction\""));
        assertTrue(!r.out().contains("numerics environment differs"), "same process, same environment:\n" + r.out());
    }

    @Test
    void anEditedNumberIsFoundAndNamed() throws Exception {
        String text = Files.readString(results);
        String key = "\"perSeed\" : [ ";
        int at = text.indexOf(key) + key.length();
        int end = text.indexOf(',', at);
        double value = Double.parseDouble(text.substring(at, end).trim());
        Path edited = dir.resolve("edited.json");
        Files.writeString(edited, text.substring(0, at) + (value + 0.25) + text.substring(end));
        CliRun r = run("reproduce", "--results", edited.toString(), "--parallel", "1");
        assertEquals(ReproduceCommand.DIFFERS, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("NOT IDENTICAL"), r.out());
        assertTrue(r.out().contains("perSeed[seed 1]"), r.out());
    }

    @Test
    void misuseIsRefused() {
        CliRun both = run("reproduce", "--results", results.toString(), "--model", results.toString());
        assertEquals(ReproduceCommand.FAILED, both.code());
        assertTrue(both.err().contains("exactly one input"), both.err());
        CliRun missing = run("reproduce", "--results", dir.resolve("nope.json").toString());
        assertEquals(ReproduceCommand.FAILED, missing.code());
        assertTrue(missing.err().contains("No results file at"), missing.err());
        CliRun set = run("reproduce", "--results", results.toString(), "--set", "trainer.seed=3");
        assertEquals(ReproduceCommand.FAILED, set.code());
        assertTrue(set.err().contains("does not apply to --results"), set.err());
    }
}
