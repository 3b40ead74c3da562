package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.LayoutAdaptedSource;
import dev.cider.data.source.MmsaPickleSource;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.cli.CiderMain;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.ComparisonRow;
import dev.cider.eval.report.JsonResultsReader;
import dev.cider.eval.report.ReportedComparison;
import dev.cider.missing.Rmfm;
import dev.cider.model.CiderModel;
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
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-dataset testing on the MMSA pickle fixtures of the core module: aligned_p4_f32.pkl (T = 8) as the training
 * corpus, cross_aligned_t12.pkl (T = 12, the same feature dimensions) and aligned_p5_f32.pkl as test corpora.
 */
class CrossDatasetTest {

    static final Path FIXTURES = Path.of("..", "tribuo-cider", "src", "test", "resources", "mmsa");

    private static MmsaPickleSource pickle(String file) {
        return new MmsaPickleSource(FIXTURES.resolve(file), DataSplit.TRAIN, SentimentTask.BINARY);
    }

    private static ComparisonExperiment experiment() {
        List<SystemSpec> lr = List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)));
        return new ComparisonExperiment("cross", pickle("aligned_p4_f32.pkl"), null, lr, List.of(new Rmfm()), new double[] {0.0, 1.0}, 0);
    }

    @Test
    void testsOnSeveralNamedCorporaAdaptingTheirTimeSteps() throws Exception {
        ComparisonExperiment e = experiment().withCrossData("same layout", pickle("aligned_p5_f32.pkl"))
                .withCrossDatasets(List.of(new CrossDataset("T12", pickle("cross_aligned_t12.pkl"))));
        assertEquals(List.of("same layout", "T12"), e.crossCorpora().stream().map(CrossDataset::name).toList());
        List<String> lines = new ArrayList<>();
        ComparisonReport r = new ExperimentRunner(e, lines::add).run(null, List.of());
        String log = String.join("\n", lines);
        int truncated = (int) MultimodalSplits.load(pickle("cross_aligned_t12.pkl")).examples(DataSplit.TEST).stream()
                .filter(x -> x.getText().length() > 8).count();
        assertTrue(lines.stream().anyMatch(l -> l.contains("T12: test split adapted to the layout of IID")
                && l.contains("text truncated 12 -> 8 steps (" + truncated + " utterances lost valid steps")), log);
        assertTrue(lines.stream().noneMatch(l -> l.contains("same layout: test split adapted")), log);
        Set<String> settings = new TreeSet<>();
        for (ComparisonRow row : r.rows()) {
            settings.add(row.setting());
            if (row.setting().equals("T12")) {
                String provenance = row.result().dataProvenance().toString();
                assertTrue(provenance.contains(LayoutAdaptedSource.ADAPTATION_PROVENANCE) && provenance.contains("text truncated 12 -> 8"),
                        provenance);
            }
        }
        assertEquals(Set.of("IID", "same layout", "T12"), settings);
    }

    @Test
    void refusesOtherFeatureDimensionsAndDuplicateNames() {
        SyntheticSource mosei = SyntheticSource.builder(SyntheticPreset.MOSEI_ALIGNED).task(SentimentTask.BINARY).sizes(4, 4, 4).build();
        ComparisonExperiment e = experiment().withCrossDatasets(List.of(new CrossDataset("MOSEI", mosei)));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new ExperimentRunner(e, l -> { }).run(null, List.of()));
        assertTrue(ex.getMessage().contains("Cross-dataset corpus 'MOSEI'") && ex.getMessage().contains("audio features of dimension 74,"
                + " the target layout has 5"), ex.getMessage());
        PropertyException dup = assertThrows(PropertyException.class, () -> experiment()
                .withCrossDatasets(List.of(new CrossDataset("IID", pickle("aligned_p5_f32.pkl")))));
        assertTrue(dup.getMessage().contains("Two settings are named 'IID'"), dup.getMessage());
    }

    @Test
    void commandLineAddsCorporaAndEvaluateAdaptsToTheModel(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("lr.xml");
        Files.writeString(config, String.join("\n",
                "<config>",
                "  <component name='data' type='dev.cider.data.source.MmsaPickleSource'>",
                "    <property name='path' value='" + FIXTURES.resolve("aligned_p4_f32.pkl").toAbsolutePath() + "'/>",
                "  </component>",
                "  <component name='lr' type='dev.cider.eval.compare.SystemSpec'>",
                "    <property name='name' value='LR'/><property name='baseline' value='logistic-regression'/>",
                "  </component>",
                "  <component name='experiment' type='dev.cider.eval.compare.ComparisonExperiment'>",
                "    <property name='data' value='data'/>",
                "    <propertylist name='systems'><item>lr</item></propertylist>",
                "    <propertylist name='rates'><item>0.0</item><item>1.0</item></propertylist>",
                "    <property name='bootstrapReplicates' value='100'/>",
                "  </component>",
                "</config>"));
        Path out = dir.resolve("out");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        String t12 = FIXTURES.resolve("cross_aligned_t12.pkl").toString();
        String p5 = FIXTURES.resolve("aligned_p5_f32.pkl").toString();
        // Two trials side by side in child processes: the corpora given on the command line reach them through the
        // experiment's recorded configuration.
        int code = CiderMain.run(new String[] {"compare", "--config", config.toString(), "--out", out.toString(), "--parallel", "2",
                "--training-seeds", "1,2", "--cross", t12 + "=B12," + p5}, new PrintStream(text), new PrintStream(text));
        assertEquals(0, code, text.toString());
        assertTrue(text.toString().contains("B12: models trained on IID tested on 4 test utterances, test split adapted"), text.toString());
        ReportedComparison stored = JsonResultsReader.read(out.resolve("results.json"));
        Set<String> settings = new TreeSet<>();
        stored.curves().forEach(c -> settings.add(c.setting()));
        assertEquals(Set.of("IID", "B12", "aligned_p5_f32"), settings);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, CiderMain.run(new String[] {"compare", "--config", config.toString(), "--out", out.toString(), "--parallel", "1",
                "--cross", "nothing-here.pkl"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)));
        assertTrue(err.toString().contains("--cross: no file at"), err.toString());
        Path assignments = dir.resolve("ood.csv");
        Files.writeString(assignments, "id,mode\nx,train\n");
        ByteArrayOutputStream refused = new ByteArrayOutputStream();
        assertEquals(1, CiderMain.run(new String[] {"compare", "--config", config.toString(), "--out", out.toString(), "--parallel", "1",
                "--cross", assignments.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(refused)));
        assertTrue(refused.toString().contains("is a split assignment (id,mode)"), refused.toString());

        CiderTrainer trainer = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 4, 5).showProgress(false)
                .architecture(CiderArchitecture.builder().size(8, 1, 2).build()).build();
        Path model = dir.resolve("m.model");
        try (CiderModel m = trainer.train(MultimodalSplits.load(pickle("cross_aligned_t12.pkl")))) {
            m.serializeToFile(model);
        }
        ByteArrayOutputStream eval = new ByteArrayOutputStream();
        code = CiderMain.run(new String[] {"evaluate", "--model", model.toString(), "--pickle", FIXTURES.resolve("aligned_p4_f32.pkl").toString(),
                "--rates", "0,1"},
                new PrintStream(eval), new PrintStream(eval));
        assertEquals(0, code, eval.toString());
        assertTrue(eval.toString().contains("Data adapted to the model's layout") && eval.toString().contains("text padded 8 -> 12 steps"),
                eval.toString());
    }
}
