package dev.cider.eval.compare;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.ComparisonReportWriter;
import dev.cider.eval.report.JsonResults;
import dev.cider.missing.Rmfm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialResultStoreTest {

    private static ComparisonExperiment experiment(double[] rates) {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(40, 12, 24).build();
        SyntheticSource ood = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(40, 12, 24)
                .oodTest(true).build();
        return new ComparisonExperiment("stored", iid, ood, List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)),
                new SystemSpec("RF", Baselines.trainer(Baselines.RANDOM_FOREST))), List.of(new Rmfm()), rates, 200)
                .withSeeds(List.of(3L, 4L), List.of(0L));
    }

    private static final double[] RATES = {0.0, 0.5, 1.0};

    /**
     * Everything a report says apart from its wall time and the time stamps of provenance (when a data source was read:
     * the experiment's own provenance is that of this run, so its data sources were read now, not when the stored trials
     * ran).
     */
    private static String withoutWallTime(ComparisonReport r) {
        ObjectNode json = JsonResults.toJson(r);
        ((ObjectNode) json.get("metadata")).remove(ComparisonReport.WALL_TIME);
        return json.toString().replaceAll("\"value\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]*\"", "\"value\":\"(time)\"");
    }

    private static String markdownWithoutWallTime(ComparisonReport r, Path dir) throws Exception {
        return Files.readString(ComparisonReportWriter.write(r, dir).markdown()).lines()
                .filter(l -> !l.startsWith("| wallTime |")).collect(Collectors.joining("\n"));
    }

    @Test
    void aRerunReadsFinishedTrialsBackAndGivesTheSameReport(@TempDir Path dir) throws Exception {
        Path trials = dir.resolve("trials");
        List<String> first = new ArrayList<>();
        ComparisonReport ran = new ExperimentRunner(experiment(RATES), first::add, new LocalTrialEngine(1), trials).run(null, List.of("x"));
        List<Trial> plan = TrialPlan.expand(experiment(RATES));
        assertEquals(6, plan.size(), "two systems with two seeds, and the two reference lines once");
        TrialResultStore store = TrialResultStore.open(trials, ExperimentFingerprint.of(experiment(RATES)));
        for (Trial t : plan) {
            assertTrue(Files.isRegularFile(store.file(t)), t.label());
        }
        assertTrue(first.stream().noneMatch(l -> l.contains("read back")), String.join("\n", first));

        List<String> second = new ArrayList<>();
        ComparisonReport read = new ExperimentRunner(experiment(RATES), second::add, new LocalTrialEngine(1), trials).run(null, List.of("x"));
        String log = String.join("\n", second);
        assertTrue(second.contains("== 6 of 6 trials read back from " + trials), log);
        assertTrue(second.stream().noneMatch(l -> l.startsWith("-- trial")), log);
        assertEquals(withoutWallTime(ran), withoutWallTime(read));
        assertEquals(markdownWithoutWallTime(ran, dir.resolve("a")), markdownWithoutWallTime(read, dir.resolve("b")));

        // a trial whose file is gone (or damaged) runs again, the others are read back; still the same report
        Files.delete(store.file(plan.get(1)));
        Files.writeString(store.file(plan.get(2)), "damaged");
        List<String> third = new ArrayList<>();
        ComparisonReport mixed = new ExperimentRunner(experiment(RATES), third::add, new LocalTrialEngine(1), trials).run(null, List.of("x"));
        log = String.join("\n", third);
        assertTrue(third.contains("== 4 of 6 trials read back from " + trials), log);
        assertTrue(third.stream().anyMatch(l -> l.contains("trial-2.ser cannot be read back")), log);
        assertEquals(2, third.stream().filter(l -> l.startsWith("-- trial") && l.endsWith(plan.get(1).label())
                || l.startsWith("-- trial") && l.endsWith(plan.get(2).label())).count(), log);
        assertEquals(withoutWallTime(ran), withoutWallTime(mixed));
        assertEquals(6, TrialResultStore.open(trials, store.fingerprint()).readAll(plan, m -> { }).size(), "the rerun trials are stored again");
    }

    @Test
    void trialsRunInChildProcessesAreStoredAndReadBackAlike(@TempDir Path dir) throws Exception {
        Path trials = dir.resolve("trials");
        ComparisonReport forked = new ExperimentRunner(experiment(RATES), l -> { }, new LocalTrialEngine(2), trials).run(null, List.of());
        List<String> lines = new ArrayList<>();
        ComparisonReport read = new ExperimentRunner(experiment(RATES), lines::add, new LocalTrialEngine(2), trials).run(null, List.of());
        assertTrue(lines.contains("== 6 of 6 trials read back from " + trials), String.join("\n", lines));
        ComparisonReport inProcess = new ExperimentRunner(experiment(RATES), l -> { }).run(null, List.of());
        assertEquals(withoutWallTime(forked), withoutWallTime(read));
        assertEquals(JsonResults.toJson(inProcess).get("curves"), JsonResults.toJson(read).get("curves"));
    }

    @Test
    void anotherExperimentsTrialsAreRefused(@TempDir Path dir) throws Exception {
        Path trials = dir.resolve("trials");
        new ExperimentRunner(experiment(RATES), l -> { }, new LocalTrialEngine(1), trials).run(null, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExperimentRunner(
                experiment(new double[] {0.0, 1.0}), l -> { }, new LocalTrialEngine(1), trials).run(null, List.of()));
        assertTrue(e.getMessage().contains(trials + " holds finished trials of another experiment"), e.getMessage());
    }

    @Test
    void theFingerprintIsStableAcrossInstancesAndFollowsTheConfiguration() {
        String a = ExperimentFingerprint.of(experiment(RATES));
        assertEquals(a, ExperimentFingerprint.of(experiment(RATES)), "data sources read at different times");
        assertEquals(64, a.length());
        assertNotEquals(a, ExperimentFingerprint.of(experiment(new double[] {0.0, 1.0})));
        assertNotEquals(a, ExperimentFingerprint.of(experiment(RATES).withSeeds(List.of(3L, 5L), List.of(0L))));
    }

    /** A trial that fails does not take the finished ones with it: they are stored, and a rerun reads them back. */
    @Test
    void finishedTrialsSurviveAFailedOne(@TempDir Path dir) throws Exception {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(24, 8, 8).build();
        Path notAModel = Files.writeString(dir.resolve("broken.tribuo"), "this is not a model");
        java.util.function.Supplier<ComparisonExperiment> e = () -> new ComparisonExperiment("broken", iid, null,
                List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)), SystemSpec.loaded("Saved", notAModel)),
                List.of(new Rmfm()), new double[] {0.0, 1.0}, 0);
        Path trials = dir.resolve("trials");
        assertThrows(TrialFailedException.class, () -> new ExperimentRunner(e.get(), l -> { }, new LocalTrialEngine(1), trials).run(null, List.of()));
        List<String> lines = new ArrayList<>();
        assertThrows(TrialFailedException.class, () -> new ExperimentRunner(e.get(), lines::add, new LocalTrialEngine(1), trials).run(null, List.of()));
        assertTrue(lines.contains("== 3 of 4 trials read back from " + trials), String.join("\n", lines));
    }
}
