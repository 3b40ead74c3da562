package dev.cider.eval.cli;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.ExperimentRunner;
import dev.cider.eval.compare.SystemSpec;
import dev.cider.eval.compare.TrialFailedException;
import dev.cider.missing.Rmfm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A saved baseline (Tribuo model on the pooled features) given data of another shape is refused by every command that
 * predicts with it, naming the unknown features; data of its own shape is predicted.
 */
class BaselineFeatureDomainTest {

    private static final String[] MOSI = {"--synthetic", "mosi-aligned", "--train-size", "24", "--valid-size", "8", "--test-size", "12"};
    private static final String[] MOSEI = {"--synthetic", "mosei-aligned", "--train-size", "24", "--valid-size", "8", "--test-size", "12"};

    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void trainBaseline() throws IOException {
        MultimodalSplits mosi = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY)
                .seed(3).sizes(24, 8, 12).build());
        Model<Label> lr = Baselines.trainer(Baselines.LOGISTIC_REGRESSION).train(mosi.train());
        model = dir.resolve("lr.tribuo");
        lr.serializeToFile(model);
    }

    private static String[] args(String[] data, String... command) {
        String[] out = new String[command.length + data.length];
        System.arraycopy(command, 0, out, 0, command.length);
        System.arraycopy(data, 0, out, command.length, data.length);
        return out;
    }

    @Test
    void predictAndEvaluateRefuseDataOfAnotherShape() {
        CliRun same = CliRun.of(args(MOSI, "predict", "--model", model.toString()));
        assertEquals(0, same.code(), same.err());
        for (String command : new String[] {"predict", "evaluate"}) {
            CliRun other = CliRun.of(args(MOSEI, command, "--model", model.toString()));
            assertEquals(1, other.code(), command + ": " + other.out());
            assertTrue(other.err().contains("168 features of the data unknown to the model (audio.mean.5,"), command + ": " + other.err());
            assertTrue(!other.out().contains("Acc"), command + " printed metrics: " + other.out());
        }
    }

    @Test
    void comparisonTrialsRefuseALoadedBaselineOnAnotherCorpus() {
        SyntheticSource mosei = SyntheticSource.builder(SyntheticPreset.MOSEI_ALIGNED).task(SentimentTask.BINARY).seed(3).sizes(24, 8, 12).build();
        ComparisonExperiment e = new ComparisonExperiment("shapes", mosei, null, List.of(SystemSpec.loaded("Saved LR", model)),
                List.of(new Rmfm()), new double[] {0.0, 1.0}, 0);
        TrialFailedException ex = assertThrows(TrialFailedException.class, () -> new ExperimentRunner(e, l -> { }).run(null, List.of()));
        assertTrue(ex.getMessage().contains("System 'Saved LR'") && ex.getMessage().contains("unknown to the model"), ex.getMessage());
    }

    @Test
    void anEmptyModelFileIsCalledEmpty() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.tribuo"));
        CliRun run = CliRun.of(args(MOSI, "predict", "--model", empty.toString()));
        assertEquals(1, run.code());
        assertTrue(run.err().contains("--model: Model file " + empty.toAbsolutePath() + " is empty (0 bytes)"), run.err());
    }
}
