package dev.cider.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import dev.cider.data.source.SyntheticFrames;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.sweep.MissingRateSweep;
import dev.cider.eval.sweep.SweepResult;
import dev.cider.metrics.SentimentMetric;
import dev.cider.missing.CorruptedDataProvenance;
import dev.cider.missing.Rmfm;
import dev.cider.missing.Smm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.EvaluationProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A report of real sweeps: a Tribuo baseline swept by {@link MissingRateSweep} over rates and SMM subsets. */
class RealSweepReportTest {

    private static List<MultimodalExample> examples(int n, long seed) {
        SyntheticFrames audio = new SyntheticFrames(8, 4, 3.0, 0.5, 99);
        SyntheticFrames vision = new SyntheticFrames(8, 3, 3.0, 0.5, 98);
        SplittableRandom rng = new SplittableRandom(seed);
        List<MultimodalExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double score = rng.nextBoolean() ? 1.6 : -1.6;
            int word = score > 0 ? 2204 : 2919;
            TextInput text = new TextInput(new int[] {101, 2023, word, 102, 0, 0, 0, 0}, 4, null);
            out.add(new MultimodalExample(SentimentTask.BINARY.label(score), "u" + seed + "-" + i, "text", score, text,
                    audio.generate(score, 8, rng), vision.generate(score, 8, rng), SpecialTokens.BERT_UNCASED));
        }
        return out;
    }

    @Test
    void sweepsOfATribuoModelBecomeAReportWithProvenance(@TempDir Path dir) throws Exception {
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("train", f), f);
        examples(120, 1).forEach(train::add);
        Model<Label> lr = Baselines.trainer(Baselines.LOGISTIC_REGRESSION).train(train);
        List<MultimodalExample> test = examples(60, 2);
        DataProvenance testProvenance = new SimpleDataSourceProvenance("synthetic test", f);
        SweepResult rates = new MissingRateSweep(new Rmfm(), new double[] {0.0, 0.5, 1.0}, 9)
                .run("LR", lr, test, SentimentTask.BINARY, testProvenance, null);
        SweepResult smm = new MissingRateSweep(new Smm("L"), MissingRateSweep.DEFAULT_RATES, 9)
                .run("LR", lr, test, SentimentTask.BINARY, testProvenance, null);
        ComparisonReport report = ComparisonReport.builder("LR under RMFM").add("IID", rates).add("IID SMM", smm)
                .seeds(List.of(), List.of(9L)).build();

        ComparisonReportWriter.WrittenReport written = ComparisonReportWriter.write(report, dir);
        assertEquals(3 + 3, written.plots().size());

        ReportedComparison stored = JsonResultsReader.read(written.json());
        ReportedRun s = stored.runs().get(0);
        assertEquals(rates.auilc(SentimentMetric.ACC2_NON0), s.auilc().get(SentimentMetric.ACC2_NON0), 1e-15);
        assertEquals(rates.auilc(SentimentMetric.ACC2_NON0), stored.curves().get(0).auilc(SentimentMetric.ACC2_NON0), 1e-15);
        assertEquals(lr.getProvenance(), s.modelProvenance());
        assertEquals(testProvenance, s.dataProvenance());
        // each point's Tribuo evaluation provenance names the corrupted data: pattern, rate, mask seed and the clean split
        EvaluationProvenance evaluation = rates.points().get(1).evaluation();
        assertEquals(lr.getProvenance(), evaluation.getModelProvenance());
        CorruptedDataProvenance corrupted = (CorruptedDataProvenance) evaluation.getTestDatasetProvenance();
        assertEquals("RMFM", corrupted.getPatternName());
        assertEquals(0.5, corrupted.getRate());
        assertEquals(9L, corrupted.getMaskSeed());
        assertEquals(testProvenance, corrupted.getSource());
        assertEquals("SMM:L", ((CorruptedDataProvenance) smm.points().get(0).evaluation().getTestDatasetProvenance()).getPatternName());
        JsonNode point = new ObjectMapper().readTree(written.json().toFile()).get("runs").get(0).get("points").get(1);
        assertEquals(0.5, point.get("corruption").get("rate").asDouble());
        assertEquals(9, point.get("corruption").get("maskSeed").asLong());
        String md = Files.readString(written.markdown());
        assertTrue(md.contains("| LR | 1 | " + ReportFormat.percent(rates.auilc(SentimentMetric.ACC2_NON0)) + " | ["), md);
        assertTrue(md.contains("`TransformTrainer(LinearSGDTrainer)`"), "the wrapped trainer is named:\n" + md);
        assertTrue(md.contains("## IID SMM (" + smm.pattern() + ")"), md);
    }
}
