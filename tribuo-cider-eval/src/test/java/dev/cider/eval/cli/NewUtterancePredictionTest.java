package dev.cider.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.missing.Smm;
import dev.cider.model.CiderModel;
import dev.cider.model.EncodedUtterance;
import dev.cider.model.Utterance;
import dev.cider.model.UtteranceEncoder;
import dev.cider.model.UtteranceFrames;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cider predict --text / --jsonl} on tiny models trained in the test: the output, the missing modalities, the
 * prediction files and every refusal.
 */
class NewUtterancePredictionTest {

    @TempDir
    static Path models;

    static Path aligned;
    static Path unaligned;

    @BeforeAll
    static void train() {
        aligned = models.resolve("aligned.tribuo");
        unaligned = models.resolve("unaligned.tribuo");
        for (Object[] m : new Object[][] {{"mosi-aligned", aligned}, {"mosi-unaligned", unaligned}}) {
            CliRun r = CliRun.of("train", "--synthetic", (String) m[0], "--train-size", "40", "--valid-size", "16", "--test-size", "20",
                    "--epochs", "1", "--output", m[1].toString());
            assertEquals(0, r.code(), r.err());
        }
    }

    /** Writes a little-endian float32 .npy of shape (rows, cols) with values from a function of (row, col). */
    static Path npy(Path file, int rows, int cols, float fill) throws IOException {
        String header = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }", rows, cols);
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < rows * cols; i++) {
            b.putFloat(fill + 0.01f * i);
        }
        Files.write(file, b.array());
        return file;
    }

    @Test
    void textOnlyPredictionReportsAudioAndVisionMissing() {
        CliRun r = CliRun.of("predict", "--model", aligned.toString(), "--text", "what a wonderful film");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*\\ntext: (negative|neutral|positive) \\(negative 0\\.\\d{3}, neutral 0\\.\\d{3}, positive 0\\.\\d{3}\\);"
                + " missing: audio, vision\\n.*"), r.out());
    }

    @Test
    void suppliedModalitiesAreNotMissingAndChangeThePrediction(@TempDir Path dir) throws Exception {
        // Aligned model: "what a wonderful film" is 4 WordPieces + [CLS] + [SEP] = 6 tokens, so 6 frames.
        Path audio = npy(dir.resolve("a.npy"), 6, 5, 0.5f);
        Path csvWithout = dir.resolve("without.csv");
        Path csvWith = dir.resolve("with.jsonl");
        CliRun without = CliRun.of("predict", "--model", aligned.toString(), "--text", "what a wonderful film", "--predictions", csvWithout.toString());
        assertEquals(0, without.code(), without.err());
        CliRun with = CliRun.of("predict", "--model", aligned.toString(), "--text", "what a wonderful film", "--id", "u1",
                "--audio", audio.toString(), "--predictions", csvWith.toString());
        assertEquals(0, with.code(), with.err());
        assertTrue(with.out().contains("; missing: vision\n"), with.out());
        List<String> csv = Files.readAllLines(csvWithout);
        assertEquals("id,predicted,score_negative,score_neutral,score_positive,missing,notes", csv.get(0));
        assertTrue(csv.get(1).startsWith("text,") && csv.get(1).endsWith(",audio;vision,"), csv.get(1));
        JsonNode json = new ObjectMapper().readTree(Files.readString(csvWith));
        assertEquals("u1", json.get("id").asText());
        assertEquals("vision", json.get("missing").get(0).asText());
        assertEquals(1, json.get("missing").size());
        double sum = 0;
        for (JsonNode p : json.get("probabilities")) {
            sum += p.asDouble();
        }
        assertEquals(1.0, sum, 1e-9);
        String[] withoutScores = csv.get(1).split(",");
        assertFalse(withoutScores[2].equals(String.format(Locale.ROOT, "%.6f", json.get("probabilities").get("negative").asDouble()))
                && withoutScores[4].equals(String.format(Locale.ROOT, "%.6f", json.get("probabilities").get("positive").asDouble())),
                "supplying audio must change the probabilities: " + csv.get(1) + " vs " + json);
    }

    @Test
    void jsonLinesBatchWithTruncationNotes(@TempDir Path dir) throws Exception {
        String longText = "good ".repeat(80).trim();
        StringBuilder frames = new StringBuilder("[");
        for (int t = 0; t < 400; t++) {
            frames.append(t == 0 ? "" : ",").append("[0.1,0.2,0.3,0.4,0.5]");
        }
        frames.append(']');
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "{\"id\": \"a\", \"text\": \"a fine film\"}\n\n"
                + "{\"text\": \"" + longText + "\", \"audio\": " + frames + ", \"vision\": {\"shape\": [2, 20], \"data\": "
                + zeros(40) + "}}\n");
        Path out = dir.resolve("out.csv");
        CliRun r = CliRun.of("predict", "--model", unaligned.toString(), "--jsonl", in.toString(), "--predictions", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("a: "), r.out());
        assertTrue(r.out().contains("line-3: "), "an id-less line is named by its line number: " + r.out());
        assertTrue(r.out().contains("note: text cut to the model's 50 token positions: the last 32 WordPiece(s) were dropped"), r.out());
        assertTrue(r.out().contains("note: audio cut to the model's 375 frames: the last 25 of 400 were dropped"), r.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).endsWith(",audio;vision,"), lines.get(1));
        assertTrue(lines.get(2).contains(",,text cut"), "line-3 has every modality and two notes: " + lines.get(2));
    }

    private static String zeros(int n) {
        return "[" + String.join(",", java.util.Collections.nCopies(n, "0.0")) + "]";
    }

    private static void refused(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    @Test
    void refusesBadInputsNamingTheProblem(@TempDir Path dir) throws Exception {
        String m = aligned.toString();
        String u = unaligned.toString();
        refused("the text is empty", "predict", "--model", m, "--text", "   ");
        refused("audio frames have 7 features each but model", "predict", "--model", u, "--text", "fine", "--audio", npy(dir.resolve("a7.npy"), 3, 7, 0f).toString());
        refused("it needs one frame per text token, 3 for this text", "predict", "--model", m, "--text", "fine",
                "--audio", npy(dir.resolve("a5.npy"), 9, 5, 0f).toString());
        Path nan = npy(dir.resolve("nan.npy"), 3, 20, Float.NaN);
        refused("vision frame 0, feature 0 is NaN", "predict", "--model", u, "--text", "fine", "--vision", nan.toString());
        refused("--audio: no file at", "predict", "--model", u, "--text", "fine", "--audio", dir.resolve("none.npy").toString());
        Path notNpy = Files.writeString(dir.resolve("x.npy"), "not numpy");
        refused("--audio: ", "predict", "--model", u, "--text", "fine", "--audio", notNpy.toString());
        refused("give either --text (one utterance) or --jsonl FILE", "predict", "--model", m, "--text", "x", "--jsonl", "f.jsonl");
        refused("--audio applies to new utterances", "predict", "--model", m, "--audio", "a.npy");
        refused("the corpus options", "predict", "--model", m, "--text", "fine", "--synthetic", "mosi-aligned");

        Path malformed = Files.writeString(dir.resolve("bad.jsonl"), "{\"text\": \"fine\"}\n{\"text\": \"fine\",\n");
        refused("bad.jsonl line 2: malformed JSON", "predict", "--model", m, "--jsonl", malformed.toString());
        Path misspelt = Files.writeString(dir.resolve("typo.jsonl"), "{\"text\": \"fine\", \"audoi\": [[1,2,3,4,5]]}\n");
        refused("typo.jsonl line 1: unknown field \"audoi\"", "predict", "--model", m, "--jsonl", misspelt.toString());
        Path noText = Files.writeString(dir.resolve("notext.jsonl"), "{\"id\": 7}\n");
        refused("notext.jsonl line 1: utterance '7' has no \"text\"", "predict", "--model", m, "--jsonl", noText.toString());
        Path badShape = Files.writeString(dir.resolve("shape.jsonl"), "\n{\"text\": \"fine\", \"vision\": {\"shape\": [2, 20], \"data\": [1, 2]}}\n");
        refused("shape.jsonl line 2: utterance 'line-2': \"vision\": shape [2, 20] needs 40 values, found 2", "predict", "--model", u,
                "--jsonl", badShape.toString());
        Path wrongDim = Files.writeString(dir.resolve("dim.jsonl"), "{\"text\": \"fine\", \"audio\": [[1, 2]]}\n");
        refused("dim.jsonl line 1: Utterance 'line-1': audio frames have 2 features each", "predict", "--model", u, "--jsonl", wrongDim.toString());
        Path duplicate = Files.writeString(dir.resolve("dup.jsonl"), "{\"id\": \"a\", \"text\": \"fine\"}\n{\"id\": \"a\", \"text\": \"bad\"}\n");
        refused("dup.jsonl line 2: duplicate id 'a' (also on line 1)", "predict", "--model", m, "--jsonl", duplicate.toString());
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        refused("holds no utterance", "predict", "--model", m, "--jsonl", empty.toString());
    }

    @Test
    void missingModalitiesAreWhatTheMissingPatternsMakeOfThem() throws Exception {
        float[] frames = new float[6 * 5];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = 0.1f * (i % 7) + 0.05f;
        }
        float[] visionFrames = new float[6 * 20];
        java.util.Arrays.fill(visionFrames, 0.3f);
        try (CiderModel model = CiderModel.load(aligned); UtteranceEncoder encoder = UtteranceEncoder.forModel(model, null)) {
            // "what a wonderful film": 6 tokens with [CLS] and [SEP], so 6 word-aligned frames.
            MultimodalExample complete = encoder.encode(new Utterance("u", "what a wonderful film", new UtteranceFrames(6, 5, frames),
                    new UtteranceFrames(6, 20, visionFrames))).example();
            EncodedUtterance textOnly = encoder.encode(Utterance.textOnly("u", "what a wonderful film"));
            assertEquals(java.util.Set.of(Modality.AUDIO, Modality.VISION), textOnly.missing());
            MultimodalExample dropped = new Smm("L").corrupt(complete, 0.0, 0L);
            assertEquals(dropped.getAudio(), textOnly.example().getAudio());
            assertEquals(dropped.getVision(), textOnly.example().getVision());
            assertEquals(6, textOnly.example().getAudio().length());
        }
        try (CiderModel model = CiderModel.load(unaligned); UtteranceEncoder encoder = UtteranceEncoder.forModel(model, null)) {
            EncodedUtterance textOnly = encoder.encode(Utterance.textOnly("u", "what a wonderful film"));
            assertEquals(0, textOnly.example().getAudio().length());
            assertEquals(0, textOnly.example().getVision().length());
            // Unaligned: WSAM attends from the text to audio/vision frames that project to zero either way, so valid length 0
            // predicts what a dropped modality (zero frames over its valid length) predicts.
            MultimodalExample complete = encoder.encode(new Utterance("u", "what a wonderful film", new UtteranceFrames(6, 5, frames),
                    new UtteranceFrames(6, 20, visionFrames))).example();
            MultimodalExample dropped = new Smm("L").corrupt(complete, 0.0, 0L);
            assertEquals(6, dropped.getAudio().length());
            var a = model.predict(List.of(textOnly.example()), true).get(0).getOutputScores();
            var b = model.predict(List.of(dropped), true).get(0).getOutputScores();
            var c = model.predict(List.of(complete), true).get(0).getOutputScores();
            double differenceToComplete = 0;
            for (String k : a.keySet()) {
                assertEquals(b.get(k).getScore(), a.get(k).getScore(), CiderModel.BATCH_PROBABILITY_TOLERANCE, k);
                differenceToComplete += Math.abs(c.get(k).getScore() - a.get(k).getScore());
            }
            assertTrue(differenceToComplete > 1e-4, "the frames matter when present: " + a + " vs " + c);
        }
    }

    @Test
    void refusesABaselineModel(@TempDir Path dir) throws IOException {
        MultimodalSplits mosi = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY)
                .seed(3).sizes(24, 8, 12).build());
        Model<Label> lr = Baselines.trainer(Baselines.LOGISTIC_REGRESSION).train(mosi.train());
        Path baseline = dir.resolve("lr.tribuo");
        lr.serializeToFile(baseline);
        refused("predict with a CIDer model", "predict", "--model", baseline.toString(), "--text", "fine");
        refused("cider serve serves CIDer models", "serve", "--model", baseline.toString(), "--port", "0");
    }
}
