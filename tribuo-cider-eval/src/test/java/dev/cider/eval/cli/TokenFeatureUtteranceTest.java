package dev.cider.eval.cli;

import dev.cider.text.MiniLmModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token-feature model (MiniLM features from an .onnx file) encodes new texts with the encoder it records, and is
 * refused, naming the encoder, once that encoder's file is gone.
 */
class TokenFeatureUtteranceTest {

    @Test
    void encodesWithTheRecordedEncoderAndRefusesWithoutIt(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("minilm.onnx");
        try (InputStream in = MiniLmModel.class.getResourceAsStream("/" + MiniLmModel.QUANTISED.resource())) {
            assertNotNull(in, MiniLmModel.QUANTISED.resource());
            Files.copy(in, onnx);
        }
        StringBuilder csv = new StringBuilder("id,text,label,mode\n");
        String[] modes = {"train", "train", "train", "dev", "test"};
        String[] texts = {"a great film", "an awful film", "a film"};
        String[] scores = {"1.5", "-1.5", "0.0"};
        for (int i = 0; i < 30; i++) {
            csv.append('u').append(i).append(',').append(texts[i % 3]).append(',').append(scores[i % 3])
                    .append(',').append(modes[i % 5]).append('\n');
        }
        Path data = Files.writeString(dir.resolve("c.csv"), csv.toString());
        Path model = dir.resolve("m.tribuo");
        CliRun train = CliRun.of("train", "--csv", data.toString(), "--text-encoder", onnx.toString(), "--epochs", "1",
                "--output", model.toString());
        assertEquals(0, train.code(), train.err());

        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--text", "what a wonderful film");
        assertEquals(0, predict.code(), predict.err());
        assertTrue(predict.out().contains("text 50x384"), predict.out());
        assertTrue(predict.out().contains("; missing: audio, vision\n"), predict.out());

        Files.delete(onnx);
        CliRun refused = CliRun.of("predict", "--model", model.toString(), "--text", "what a wonderful film");
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.err().contains("needs its text encoder dev.cider.text.OnnxTextEncoder") && refused.err().contains("not available here"),
                refused.err());
    }
}
