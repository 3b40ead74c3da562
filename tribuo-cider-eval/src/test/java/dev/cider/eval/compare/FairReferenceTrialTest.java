package dev.cider.eval.compare;

import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.baseline.ValidationSelectedTrainer;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.ComparisonRow;
import dev.cider.missing.Rmfm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a comparison, an adaptive baseline chooses on the corpus's valid split, and the reference lines are trained once,
 * swept like every system and compared with every system.
 */
class FairReferenceTrialTest {

    @Test
    void adaptiveBaselineChoosesOnTheValidSplitAndTheFloorsComeWithEveryReport() throws Exception {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(4).sizes(60, 30, 40).build();
        ComparisonExperiment e = new ComparisonExperiment("fair", iid, null,
                List.of(new SystemSpec("LR adaptive", Baselines.trainer(Baselines.LOGISTIC_REGRESSION_ADAPTIVE)),
                        new SystemSpec("SVM", Baselines.trainer(Baselines.LINEAR_SVM))),
                List.of(new Rmfm()), new double[] {0.0, 0.5, 1.0}, 0).withSeeds(List.of(1L, 2L), List.of(0L)).withBootstrap(200, 1);
        List<String> lines = new ArrayList<>();
        ComparisonReport r = new ExperimentRunner(e, lines::add).run(null, List.of());
        String log = String.join("\n", lines);
        assertEquals(2, lines.stream().filter(l -> l.contains("[LR adaptive, seed") && l.contains("chose candidate")
                && l.contains("on 30 validation examples")).count(), log);
        assertEquals(1, lines.stream().filter(l -> l.contains("[lengths only] training on")).count(), log);
        int lengths = 0;
        for (ComparisonRow row : r.rows()) {
            if (row.result().system().equals("LR adaptive")) {
                assertTrue(ValidationSelectedTrainer.choiceOf(row.result().modelProvenance()).isPresent());
            }
            if (row.result().system().equals(ReferenceLines.LENGTHS_ONLY)) {
                lengths++;
                assertTrue(row.result().modelProvenance().getDatasetProvenance().getSourceProvenance().toString().contains("valid lengths"));
            }
        }
        assertEquals(1, lengths);
        assertEquals(ReferenceLines.NAMES, r.referenceSystems());
        assertEquals(2 * 2, r.floors().size(), "two systems x two floors, Acc2 AUILC");
        assertTrue(r.trainingNotes().get(ReferenceLines.MAJORITY_CLASS).contains("trained once"), r.trainingNotes().toString());
        // The majority class is flat across rates: the missing inputs do not touch it.
        var majority = r.view().curve("IID", ReferenceLines.MAJORITY_CLASS, SentimentTask.BINARY).orElseThrow();
        double[] acc = majority.values(dev.cider.metrics.SentimentMetric.ACC2_NON0);
        assertEquals(acc[0], acc[2], 0.0);
    }
}
