package dev.cider.spark;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.cider.eval.compare.LocalTrialEngine;
import dev.cider.eval.compare.TrialEngine;
import dev.cider.eval.compare.TrialEngineSettings;
import dev.cider.eval.compare.TrialEngines;
import dev.cider.eval.search.CandidateScore;
import dev.cider.eval.search.RungResult;
import dev.cider.eval.search.SearchExperiment;
import dev.cider.eval.search.SearchOutcome;
import dev.cider.eval.search.SearchRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hyper-parameter search runs its rounds on Spark as on the local engine: the same candidates get the same validation
 * scores (every training seed's value, to the last bit) and the same choice, and the rounds' trials are stored for a resume.
 */
class SparkSearchTest {

    private static final String CONFIG = String.join("\n",
            "<config>",
            "  <component name='data' type='dev.cider.data.source.SyntheticSource'>",
            "    <property name='shape' value='mosi-aligned'/><property name='seed' value='9'/>",
            "    <property name='trainSize' value='40'/><property name='validSize' value='16'/><property name='testSize' value='16'/>",
            "  </component>",
            "  <component name='cider-architecture' type='dev.cider.train.CiderArchitecture'>",
            "    <property name='hiddenDim' value='16'/><property name='layers' value='1'/><property name='heads' value='2'/>",
            "  </component>",
            "  <component name='cider-trainer' type='dev.cider.train.CiderTrainer'>",
            "    <property name='epochs' value='1'/><property name='batchSize' value='16'/>",
            "    <property name='architecture' value='cider-architecture'/><property name='showProgress' value='false'/>",
            "    <property name='seed' value='7'/>",
            "  </component>",
            "  <component name='cider' type='dev.cider.eval.compare.SystemSpec'>",
            "    <property name='name' value='CIDer'/><property name='trainer' value='cider-trainer'/>",
            "  </component>",
            "  <component name='experiment' type='dev.cider.eval.compare.ComparisonExperiment'>",
            "    <property name='data' value='data'/>",
            "    <propertylist name='systems'><item>cider</item></propertylist>",
            "    <propertylist name='rates'><item>0.0</item><item>1.0</item></propertylist>",
            "    <property name='bootstrapReplicates' value='100'/>",
            "    <property name='referenceLines' value='false'/>",
            "  </component>",
            "  <component name='lr-dim' type='dev.cider.eval.search.FloatRange'>",
            "    <property name='property' value='learningRate'/>",
            "    <property name='low' value='0.0003'/><property name='high' value='0.01'/><property name='logScale' value='true'/>",
            "  </component>",
            "  <component name='search' type='dev.cider.eval.search.SearchExperiment'>",
            "    <property name='baseExperiment' value='experiment'/>",
            "    <property name='baseTrainer' value='cider-trainer'/>",
            "    <propertylist name='dimensions'><item>lr-dim</item></propertylist>",
            "    <property name='strategy' value='RANDOM'/>",
            "    <property name='candidates' value='3'/>",
            "    <property name='searchSeed' value='5'/>",
            "  </component>",
            "</config>");

    @Test
    void aSearchOnLocalTwoScoresAndChoosesAsTheLocalEngine(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("search.xml"), CONFIG);
        SearchOutcome local;
        try (TrialEngine engine = new LocalTrialEngine(1)) {
            local = new SearchRunner(search(config), engine, dir.resolve("local"), line -> { }).run(config, List.of("x"), false);
        }
        SearchOutcome onSpark;
        List<String> lines = new ArrayList<>();
        try (TrialEngine engine = TrialEngines.named("spark", new TrialEngineSettings(2, 0, "local[2]", Map.of("spark.ui.enabled", "false")))) {
            assertTrue(engine instanceof SparkTrialEngine, engine.getClass().getName());
            onSpark = new SearchRunner(search(config), engine, dir.resolve("spark"), lines::add).run(config, List.of("x"), false);
        }
        assertEquals(local.chosen().candidate().name(), onSpark.chosen().candidate().name(), String.join("\n", lines));
        assertEquals(local.rungs().size(), onSpark.rungs().size());
        for (int r = 0; r < local.rungs().size(); r++) {
            RungResult a = local.rungs().get(r);
            RungResult b = onSpark.rungs().get(r);
            assertEquals(4, a.scores().size(), "three candidates and the base");
            assertEquals(a.scores().size(), b.scores().size());
            for (int i = 0; i < a.scores().size(); i++) {
                CandidateScore x = a.scores().get(i);
                CandidateScore y = b.scores().get(i);
                assertEquals(x.candidate().name(), y.candidate().name());
                assertArrayEquals(x.score().perSeed(), y.score().perSeed(), 0.0, x.candidate().name());
                assertEquals(x.score().lower(), y.score().lower(), 0.0, x.candidate().name());
                assertEquals(x.score().upper(), y.score().upper(), 0.0, x.candidate().name());
            }
        }
        try (var stored = Files.list(SearchRunner.roundTrials(dir.resolve("spark"), 1))) {
            assertEquals(4, stored.filter(p -> p.getFileName().toString().startsWith("trial-")).count(), String.join("\n", lines));
        }
    }

    private static SearchExperiment search(Path config) {
        try (ConfigurationManager cm = new ConfigurationManager(config.toString())) {
            return (SearchExperiment) cm.lookup("search");
        }
    }
}
