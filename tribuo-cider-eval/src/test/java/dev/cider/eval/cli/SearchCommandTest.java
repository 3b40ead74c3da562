package dev.cider.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.TrialResult;
import dev.cider.eval.compare.TrialResultStore;
import dev.cider.eval.report.ComparisonRow;
import dev.cider.eval.search.CandidateTrainers;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cider search} end to end on a tiny synthetic corpus (48 train, 16 valid, 20 test utterances): successive halving
 * over four candidates and the base, the rounds scored on the valid split only, the choice written as a configuration
 * that {@code cider compare} runs, and a rerun that resumes.
 */
class SearchCommandTest {

    private static final int VALID = 16;
    private static final int TEST = 20;

    static String config(String dimensions) {
        return String.join("\n",
                "<config>",
                "  <component name='data' type='dev.cider.data.source.SyntheticSource'>",
                "    <property name='shape' value='mosi-aligned'/><property name='seed' value='9'/>",
                "    <property name='trainSize' value='48'/><property name='validSize' value='" + VALID + "'/>"
                        + "<property name='testSize' value='" + TEST + "'/>",
                "  </component>",
                "  <component name='cider-architecture' type='dev.cider.train.CiderArchitecture'>",
                "    <property name='hiddenDim' value='16'/><property name='layers' value='1'/><property name='heads' value='2'/>",
                "  </component>",
                "  <component name='cider-trainer' type='dev.cider.train.CiderTrainer'>",
                "    <property name='epochs' value='2'/><property name='batchSize' value='16'/>",
                "    <property name='architecture' value='cider-architecture'/><property name='showProgress' value='false'/>",
                "    <property name='seed' value='7'/>",
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
                "    <property name='bootstrapReplicates' value='100'/>",
                "    <property name='referenceLines' value='false'/>",
                "  </component>",
                dimensions,
                "  <component name='search' type='dev.cider.eval.search.SearchExperiment'>",
                "    <property name='baseExperiment' value='experiment'/>",
                "    <property name='baseTrainer' value='cider-trainer'/>",
                "    <propertylist name='dimensions'><item>lr-dim</item><item>heads-dim</item></propertylist>",
                "    <property name='strategy' value='SUCCESSIVE_HALVING'/>",
                "    <property name='candidates' value='4'/><property name='eta' value='2'/>",
                "    <property name='minEpochs' value='1'/><property name='maxEpochs' value='2'/>",
                "    <property name='searchSeed' value='3'/>",
                "  </component>",
                "</config>");
    }

    static String dimensions(String learningRateProperty) {
        return String.join("\n",
                "  <component name='lr-dim' type='dev.cider.eval.search.FloatRange'>",
                "    <property name='property' value='" + learningRateProperty + "'/>",
                "    <property name='low' value='0.0003'/><property name='high' value='0.01'/><property name='logScale' value='true'/>",
                "  </component>",
                "  <component name='heads-dim' type='dev.cider.eval.search.Choice'>",
                "    <property name='property' value='architecture.heads'/>",
                "    <propertylist name='values'><item>1</item><item>2</item><item>4</item></propertylist>",
                "  </component>");
    }

    @Test
    void searchesOnTheValidSplitWritesAConfigurationCompareRunsAndResumes(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("search.xml");
        Files.writeString(config, config(dimensions("learningRate")));
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("search", "--config", config.toString(), "--out", out.toString(), "--parallel", "1");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("== round 1 of 2: 5 candidates, 1 epochs each"), run.out());
        assertTrue(run.out().contains("== round 2 of 2: 3 candidates, 2 epochs each"), run.out());

        // every round swept the 16 valid utterances and nothing else; only the test after the choice swept the 20 test ones
        List<TrialResult> round1 = stored(out.resolve("search/round-1/trials"));
        List<TrialResult> round2 = stored(out.resolve("search/round-2/trials"));
        List<TrialResult> test = stored(out.resolve("search/test/trials"));
        assertEquals(5, round1.size());
        assertEquals(3, round2.size());
        JsonNode json = new ObjectMapper().readTree(out.resolve("search.json").toFile());
        String chosen = json.get("choice").get("candidate").asText();
        int tested = chosen.equals("base") ? 1 : 2;
        assertEquals(tested, test.size(), "the chosen candidate and the base: " + run.out());
        for (TrialResult r : concat(round1, round2)) {
            for (ComparisonRow row : r.rows()) {
                assertEquals(VALID, row.result().points().get(0).outcomes().length, r.trial().label());
            }
        }
        for (TrialResult r : test) {
            assertEquals(TEST, r.rows().get(0).result().points().get(0).outcomes().length);
        }

        assertEquals("valid", json.get("score").get("split").asText());
        JsonNode last = json.get("rungs").get(1).get("ranking");
        assertEquals(chosen, last.get(0).asText(), "the choice is the best of the last round");
        assertEquals("test", json.get("afterTheChoice").get("split").asText());
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (JsonNode c : json.get("candidates")) {
            if (c.get("name").asText().equals(chosen)) {
                c.get("values").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            }
        }
        assertEquals(2, values.size());
        String markdown = Files.readString(out.resolve("search.md"));
        assertTrue(markdown.contains("validation split") && markdown.contains("after the choice"), markdown);

        // best-config.xml rebuilds into the base experiment whose CIDer trainer has the chosen values and the last rung's epochs
        Path best = out.resolve("best-config.xml");
        ComparisonExperiment rebuilt;
        try (ConfigurationManager cm = new ConfigurationManager(best.toString())) {
            rebuilt = (ComparisonExperiment) cm.lookup("experiment");
        }
        CiderTrainer trainer = (CiderTrainer) rebuilt.system("CIDer").trainer();
        var root = ProvenanceUtil.extractConfiguration(trainer.getProvenance()).get(0);
        assertEquals(Set.of("learningRate", "architecture.heads"), values.keySet());
        for (Map.Entry<String, String> v : values.entrySet()) {
            assertEquals(Float.parseFloat(v.getValue()), Float.parseFloat(CandidateTrainers.value(trainer, v.getKey()).orElseThrow()), v.getKey());
        }
        assertEquals(Integer.parseInt(values.get("architecture.heads")), trainer.getArchitecture().heads(), "the network has the chosen heads");
        assertEquals(16, trainer.getArchitecture().hiddenDim(), "the architecture's other settings are the base's");
        assertEquals("2", ((SimpleProperty) root.get("epochs").get()).getValue());
        assertTrue(Files.readString(best).contains("VALID split"), "the provenance comment");
        assertTrue(Files.exists(out.resolve("best-config.provenance.json")));

        CliRun compare = CliRun.of("compare", "--config", best.toString(), "--out", dir.resolve("compare").toString(), "--parallel", "1");
        assertEquals(0, compare.code(), compare.out() + compare.err());
        assertTrue(Files.exists(dir.resolve("compare/report.md")));

        // a rerun after losing one trial of round 2 runs that trial alone
        Path lost;
        try (Stream<Path> files = Files.list(out.resolve("search/round-2/trials"))) {
            lost = files.filter(f -> f.getFileName().toString().startsWith("trial-")).sorted().toList().get(2);
        }
        Files.delete(lost);
        CliRun again = CliRun.of("search", "--config", config.toString(), "--out", out.toString(), "--parallel", "1");
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("5 of 5 trials read back"), again.out());
        assertTrue(again.out().contains("2 of 3 trials read back"), again.out());
        assertTrue(again.out().contains(tested + " of " + tested + " trials read back"), again.out());
        assertEquals(1, again.out().lines().filter(l -> l.startsWith("-- trial ") && !l.contains(" done in ")).count(), again.out());
        JsonNode rerun = new ObjectMapper().readTree(out.resolve("search.json").toFile());
        assertEquals(chosen, rerun.get("choice").get("candidate").asText());
        assertEquals(json.get("choice").get("validScore"), rerun.get("choice").get("validScore"));
    }

    @Test
    void refusesADimensionOnAPropertyTheTrainerDoesNotHave(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("search.xml");
        Files.writeString(config, config(dimensions("learningRat")));
        CliRun run = CliRun.of("search", "--config", config.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, run.code(), run.out());
        assertTrue(run.err().contains("'learningRat'"), run.err());
        assertFalse(Files.exists(dir.resolve("out/search")));
    }

    private static List<TrialResult> concat(List<TrialResult> a, List<TrialResult> b) {
        List<TrialResult> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Every trial stored in a directory (the header skipped, the result read as the store reads it). */
    private static List<TrialResult> stored(Path trials) throws IOException {
        List<TrialResult> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(trials)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("trial-\\d+\\.ser")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    DataInputStream data = new DataInputStream(in);
                    data.readFully(new byte[12]);
                    data.readInt();
                    data.readUTF();
                    data.readInt();
                    data.readUTF();
                    out.add(TrialResultStore.deserialize(in));
                }
            }
        }
        return out;
    }
}
