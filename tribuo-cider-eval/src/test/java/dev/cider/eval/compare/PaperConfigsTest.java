package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.cider.data.SentimentTask;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.ComparisonRow;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper's configurations (configs/paper) on the small MMSA pickle fixtures, given by the same overrides a user
 * gives for the real pickles: each runs a tiny version (one epoch, rates 0 and 1) end to end.
 */
class PaperConfigsTest {

    private static final Path CONFIGS = Path.of("..", "configs", "paper");
    /** A fixture with all three binary classes in its train split. */
    private static final String LONG = CrossDatasetTest.FIXTURES.resolve("cross_aligned_t12.pkl").toString();
    private static final String SHORT = CrossDatasetTest.FIXTURES.resolve("aligned_p4_f32.pkl").toString();

    private static ComparisonExperiment load(String config, String... overrides) {
        List<String> args = new ArrayList<>(List.of("--config-file", CONFIGS.resolve(config).toString(), "--@epochs", "1",
                "--@experiment.rates", "0.0,1.0"));
        args.addAll(List.of(overrides));
        ConfigurationManager cm = new ConfigurationManager(args.toArray(new String[0]));
        return (ComparisonExperiment) cm.lookup("experiment");
    }

    private static Set<String> run(ComparisonExperiment e, List<String> lines) throws Exception {
        ComparisonReport r = new ExperimentRunner(e, lines::add).run(null, List.of());
        Set<String> settings = new TreeSet<>();
        for (ComparisonRow row : r.rows()) {
            if (ReferenceLines.isReference(row.result().system())) {
                continue; // every comparison has them; FairReferenceTrialTest covers them
            }
            settings.add(row.setting() + "/" + row.result().system());
        }
        return settings;
    }

    @Test
    void iidAndOodRunOnTheirPickles() throws Exception {
        ComparisonExperiment iid = load("iid.xml", "--@pickle", LONG);
        CiderTrainer trainer = (CiderTrainer) iid.system("CIDer").trainer();
        assertEquals(3.0, trainer.getMaxTau());
        assertEquals(Set.of("IID/CIDer", "IID/CIDer w/o counterfactual"), run(iid, new ArrayList<>()));
        ComparisonExperiment ood = load("ood.xml", "--@pickle", LONG, "--@oodPickle", LONG);
        assertEquals(Set.of("IID/CIDer", "IID/CIDer w/o counterfactual", "OOD/CIDer", "OOD/CIDer w/o counterfactual"),
                run(ood, new ArrayList<>()));
    }

    @Test
    void crossDatasetAdaptsTheTestCorpus() throws Exception {
        ComparisonExperiment cross = load("cross.xml", "--@pickle", LONG, "--@crossPickle", SHORT, "--@crossName", "L->S");
        List<String> lines = new ArrayList<>();
        assertEquals(Set.of("IID/CIDer", "IID/CIDer w/o counterfactual", "L->S/CIDer", "L->S/CIDer w/o counterfactual"), run(cross, lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("L->S") && l.contains("text padded 8 -> 12 steps")), String.join("\n", lines));
    }

    @Test
    void ablationsBuildEverySystemAndTheSevenClassTaskReachesEveryComponent() throws Exception {
        ComparisonExperiment ablations = load("ablations.xml", "--@pickle", LONG);
        assertEquals(7 + ReferenceLines.NAMES.size(), ablations.systems().size(), "seven systems and the reference lines");
        assertEquals(0.0, ((CiderTrainer) ablations.system("CIDer w/o MACI").trainer()).getMaxTau());
        assertEquals(6, ablations.systemPairs().size());
        assertEquals(7, run(ablations, new ArrayList<>()).size());
        for (String config : List.of("iid.xml", "ood.xml", "ablations.xml", "cross.xml")) {
            ComparisonExperiment seven = load(config, "--@pickle", LONG, "--@oodPickle", LONG, "--@crossPickle", SHORT, "--@task", "SEVEN");
            assertEquals(SentimentTask.SEVEN, seven.data().getTask(), config);
            for (SystemSpec s : seven.systems()) {
                if (s.trainer() instanceof CiderTrainer t) {
                    assertEquals("SEVEN", t.getProvenance().getConfiguredParameters().get("task").toString(), config + " " + s.name());
                }
            }
        }
    }
}
