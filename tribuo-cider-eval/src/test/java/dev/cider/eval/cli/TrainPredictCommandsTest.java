package dev.cider.eval.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The train, predict, evaluate and ood-split commands end to end on a tiny synthetic corpus.
 */
class TrainPredictCommandsTest {

    private static final String[] DATA = {"--synthetic", "mosi-aligned", "--train-size", "40", "--valid-size", "16", "--test-size", "20"};

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(b, 0, out, 0, b.length);
        System.arraycopy(a, 0, out, b.length, a.length);
        return out;
    }

    @Test
    void trainsSavesPredictsAndEvaluates(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.tribuo");
        CliRun train = run(concat(DATA, "train", "--epochs", "1", "--output", model.toString()));
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.size(model) > 0);
        assertTrue(train.out().contains("Test (complete inputs): Acc2"), train.out());

        Path csv = dir.resolve("p.csv");
        CliRun predict = run(concat(DATA, "predict", "--model", model.toString(), "--missing", "rmm", "--rate", "0.5",
                "--predictions", csv.toString()));
        assertEquals(0, predict.code(), predict.err());
        assertTrue(predict.out().contains("RMM at rate 0.50"), predict.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(21, lines.size());
        assertTrue(lines.get(0).startsWith("id,true_score,predicted,score_negative"), lines.get(0));

        CliRun evaluate = run(concat(DATA, "evaluate", "--model", model.toString(), "--rates", "0,0.5,1"));
        assertEquals(0, evaluate.code(), evaluate.err());
        assertTrue(evaluate.out().contains("AUILC"), evaluate.out());
        assertTrue(evaluate.out().contains("0.50"), evaluate.out());
        assertTrue(evaluate.out().matches("(?s).*\\nAUILC +\\d+\\.\\d \\[\\d+\\.\\d, \\d+\\.\\d\\].*"), "every AUILC with its interval:\n" + evaluate.out());
        assertTrue(evaluate.out().contains("95% intervals from a bootstrap over the"), evaluate.out());
    }

    @Test
    void unwritableOutputsAreRefusedBeforeTraining(@TempDir Path dir) throws Exception {
        Path aFile = dir.resolve("a-file");
        Files.writeString(aFile, "not a directory");
        CliRun output = run(concat(DATA, "train", "--epochs", "50", "--output", aFile.resolve("model.tribuo").toString()));
        assertEquals(1, output.code());
        assertTrue(output.err().contains("--output") && output.err().contains("is not a directory"), output.err());
        assertFalse(output.out().contains("Trainer:"), "refused only after setting up training: " + output.out());
        CliRun checkpoints = run(concat(DATA, "train", "--epochs", "50", "--output", dir.resolve("m.tribuo").toString(),
                "--checkpoint-dir", aFile.resolve("ckpt").toString()));
        assertEquals(1, checkpoints.code());
        assertTrue(checkpoints.err().contains("--checkpoint-dir") && checkpoints.err().contains("is not a directory"), checkpoints.err());
        assertFalse(checkpoints.out().contains("Trainer:"), checkpoints.out());
        CliRun outputIsCheckpointDirFile = run(concat(DATA, "train", "--epochs", "50", "--output", dir.resolve("m.tribuo").toString(),
                "--checkpoint-dir", aFile.toString()));
        assertEquals(1, outputIsCheckpointDirFile.code());
        assertTrue(outputIsCheckpointDirFile.err().contains("--checkpoint-dir"), outputIsCheckpointDirFile.err());
        assertFalse(Files.exists(dir.resolve("m.tribuo")));
    }

    @Test
    void badInputsGiveClearErrors(@TempDir Path dir) throws Exception {
        CliRun noOutput = run(concat(DATA, "train", "--epochs", "1"));
        assertEquals(1, noOutput.code());
        assertTrue(noOutput.err().contains("--output"), noOutput.err());
        CliRun missingModel = run(concat(DATA, "predict", "--model", dir.resolve("none.tribuo").toString()));
        assertEquals(1, missingModel.code());
        assertTrue(missingModel.err().contains("--model: No model file at"), missingModel.err());
        Path garbage = dir.resolve("garbage.tribuo");
        Files.writeString(garbage, "not a model");
        CliRun bad = run(concat(DATA, "predict", "--model", garbage.toString()));
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--model: Model file " + garbage.toAbsolutePath() + " (11 bytes) is not a Tribuo model file"), bad.err());
        CliRun rates = run(concat(DATA, "evaluate", "--model", garbage.toString(), "--rates", "a,b"));
        assertTrue(rates.code() != 0);
        assertTrue(rates.err().contains("rates"), rates.err());
    }

    @Test
    void oodSplitWritesAssignmentsAndReportsTheShift(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("corpus.csv");
        StringBuilder sb = new StringBuilder("id,text,label,mode\n");
        String[] modes = {"train", "train", "train", "dev", "test"};
        for (int i = 0; i < 100; i++) {
            boolean pos = i % 2 == 0;
            sb.append("u").append(i).append(',').append(pos ? "great film" : "awful film").append(i % 3 == 0 ? " actor" : " plot")
                    .append(',').append(pos ? "1.5" : "-1.5").append(',').append(modes[i % 5]).append('\n');
        }
        Files.writeString(csv, sb.toString());
        Path out = dir.resolve("ood.csv");
        CliRun r = run("ood-split", "--csv", csv.toString(), "--min-count", "5", "--iterations", "5000", "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Word-sentiment divergence"), r.out());
        assertEquals(101, Files.readAllLines(out).size());
    }
}
