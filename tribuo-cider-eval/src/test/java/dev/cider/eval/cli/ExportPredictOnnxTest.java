package dev.cider.eval.cli;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.baseline.DummyClassifierTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code cider export} then {@code cider predict --onnx} writes the predictions file {@code cider predict --model}
 * writes on the same data (class probabilities within 1e-5, same ids, scores and predicted classes), for an aligned
 * model (synthetic MOSI-aligned corpus) and an unaligned one (the CMU-MOSI transcripts with synthetic audio/vision,
 * skipped without the shared data), both with MiniLM token features and inputs corrupted by RMFM at rate 0.5.
 */
class ExportPredictOnnxTest {

    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    private void exportAndCompare(String name, String... data) throws Exception {
        Path model = dir.resolve(name + ".tribuo");
        List<String> train = new ArrayList<>(List.of("train", "--epochs", "1", "--output", model.toString(), "--text-encoder", "minilm"));
        train.addAll(List.of(data));
        CliRun trained = CliRun.of(train.toArray(new String[0]));
        assertEquals(0, trained.code(), trained.err());

        Path onnx = dir.resolve(name + ".onnx");
        CliRun export = CliRun.of("export", "--model", model.toString(), "--onnx", onnx.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("ONNX model written to"), export.out());
        assertTrue(Files.size(onnx) > 0);

        Path fromModel = dir.resolve(name + "-model.csv");
        Path fromOnnx = dir.resolve(name + "-onnx.csv");
        List<String> common = new ArrayList<>(List.of(data));
        common.addAll(List.of("--text-encoder", "minilm", "--missing", "rmfm", "--rate", "0.5"));
        List<String> withModel = new ArrayList<>(List.of("predict", "--model", model.toString(), "--predictions", fromModel.toString()));
        withModel.addAll(common);
        List<String> withOnnx = new ArrayList<>(List.of("predict", "--onnx", onnx.toString(), "--predictions", fromOnnx.toString()));
        withOnnx.addAll(common);
        CliRun a = CliRun.of(withModel.toArray(new String[0]));
        assertEquals(0, a.code(), a.err());
        CliRun b = CliRun.of(withOnnx.toArray(new String[0]));
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("ONNX Runtime"), b.out());
        assertSameFiles(name, Files.readAllLines(fromModel), Files.readAllLines(fromOnnx));
    }

    private static void assertSameFiles(String name, List<String> model, List<String> onnx) {
        assertEquals(model.size(), onnx.size(), name + ": rows");
        assertEquals(model.get(0), onnx.get(0), name + ": header");
        assertTrue(model.size() > 5, name + ": too few predictions to compare");
        double max = 0;
        for (int i = 1; i < model.size(); i++) {
            String[] m = model.get(i).split(",");
            String[] o = onnx.get(i).split(",");
            assertEquals(m.length, o.length, name + " row " + i);
            assertEquals(m[0], o[0], name + " row " + i + ": id");
            assertEquals(m[1], o[1], name + " row " + i + ": true score");
            double best = -1;
            double second = -1;
            for (int c = 3; c < m.length; c++) {
                double pm = Double.parseDouble(m[c]);
                max = Math.max(max, Math.abs(pm - Double.parseDouble(o[c])));
                if (pm > best) {
                    second = best;
                    best = pm;
                } else if (pm > second) {
                    second = pm;
                }
            }
            // The predicted class can only differ where the two most probable classes are within the tolerance.
            if (best - second > TOLERANCE) {
                assertEquals(m[2], o[2], name + " row " + i + ": predicted class");
            }
        }
        System.out.printf("[onnx-cli] %s: %d predictions, max abs probability difference %.3g%n", name, model.size() - 1, max);
        assertTrue(max <= TOLERANCE, name + ": probabilities differ by " + max);
    }

    @Test
    void alignedModel() throws Exception {
        exportAndCompare("aligned", "--synthetic", "mosi-aligned", "--train-size", "24", "--valid-size", "8", "--test-size", "12");
    }

    @Test
    void unalignedModelOnMosiTranscripts() throws Exception {
        String shared = System.getProperty("cider.shared.dir");
        assumeTrue(shared != null, "system property cider.shared.dir is not set: skipping the CMU-MOSI export test");
        Path csv = Paths.get(shared, "data", "cmu-mosi", "label.csv");
        assumeTrue(Files.isRegularFile(csv), csv + " is absent: skipping the CMU-MOSI export test");
        exportAndCompare("unaligned", "--csv", csv.toString(), "--csv-audio-vision", "synthetic", "--train-subset", "24",
                "--valid-subset", "8", "--test-subset", "12");
    }

    @Test
    void refusesANonCiderModelAndMissingOptions() throws Exception {
        MultimodalSplits splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY)
                .seed(2).sizes(12, 4, 4).build());
        Model<Label> dummy = DummyClassifierTrainer.createMostFrequentTrainer().train(splits.train());
        Path file = dir.resolve("dummy.tribuo");
        dummy.serializeToFile(file);
        Path onnx = dir.resolve("dummy.onnx");
        CliRun refused = CliRun.of("export", "--model", file.toString(), "--onnx", onnx.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("not a CIDer model"), refused.err());
        assertFalse(Files.exists(onnx), "nothing is written for a refused model");

        CliRun noOnnx = CliRun.of("export", "--model", file.toString());
        assertEquals(1, noOnnx.code());
        assertTrue(noOnnx.err().contains("--onnx FILE are required"), noOnnx.err());

        CliRun both = CliRun.of("predict", "--model", file.toString(), "--onnx", onnx.toString(), "--synthetic", "mosi-aligned");
        assertEquals(1, both.code());
        assertTrue(both.err().contains("not both"), both.err());

        Path notOnnx = Files.writeString(dir.resolve("not.onnx"), "not an onnx model");
        CliRun bad = CliRun.of("predict", "--onnx", notOnnx.toString(), "--synthetic", "mosi-aligned");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--onnx"), bad.err());
    }
}
