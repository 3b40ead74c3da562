package dev.cider.eval.cli;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.util.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors writing an output name the option and the path given with it, never only a temporary file.
 */
class OutputErrorsTest {

    @Test
    void predictionsIntoADirectoryAreRefusedNamingTheOption(@TempDir Path dir) throws IOException {
        MultimodalSplits mosi = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY)
                .seed(3).sizes(24, 8, 12).build());
        Path model = dir.resolve("lr.tribuo");
        Baselines.trainer(Baselines.LOGISTIC_REGRESSION).train(mosi.train()).serializeToFile(model);
        Path out = Files.createDirectory(dir.resolve("out"));
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--predictions", out.toString(),
                "--synthetic", "mosi-aligned", "--train-size", "24", "--valid-size", "8", "--test-size", "12");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("--predictions " + out + " is a directory"), run.err());
        assertFalse(run.err().contains(".tmp"), run.err());
        assertFalse(run.out().contains("Acc"), "refused before predicting: " + run.out());
    }

    @Test
    void aFailedWriteNamesTheOptionAndTheTarget(@TempDir Path dir) throws IOException {
        Path target = Files.createDirectory(dir.resolve("report.json"));
        IOException e = assertThrows(IOException.class, () -> WritableOutputs.writing("--output", target,
                () -> AtomicFiles.write(target, "{}".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().startsWith("Could not write --output " + target.toAbsolutePath() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }
}
