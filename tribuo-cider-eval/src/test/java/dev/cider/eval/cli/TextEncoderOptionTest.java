package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.cider.data.MultimodalSource;
import dev.cider.text.EncodedTextSource;
import dev.cider.text.MiniLmModel;
import dev.cider.text.OnnxTextEncoder;
import dev.cider.text.TextEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --text-encoder} and {@code --feature-cache}: the accepted values, the wrapped source and clear refusals.
 */
class TextEncoderOptionTest {

    @TempDir
    Path dir;

    private Path csv() throws Exception {
        Path csv = dir.resolve("c.csv");
        Files.writeString(csv, "id,text,label,mode\na,a good film,1.0,train\nb,a bad film,-1.0,train\n"
                + "c,fine,0.0,dev\nd,great,2.0,test\n");
        return csv;
    }

    @Test
    void minilmWrapsTheSourceAndCachesOnDisk() throws Exception {
        SourceOptions o = new SourceOptions();
        o.csv = csv();
        o.textEncoder = "minilm";
        o.featureCache = dir.resolve("cache");
        MultimodalSource s = o.resolve(new ConfigurationManager());
        EncodedTextSource encoded = assertInstanceOf(EncodedTextSource.class, s);
        try (TextEncoder encoder = encoded.encoder()) {
            assertInstanceOf(OnnxTextEncoder.class, encoder);
            assertEquals(384, s.getLayout().textFeatureDim());
            assertTrue(Files.isDirectory(dir.resolve("cache")));
            try (TextEncoder quantised = new OnnxTextEncoder(MiniLmModel.QUANTISED, 1, 1)) {
                assertEquals(quantised.modelHash(), encoder.modelHash());
            }
        }
    }

    @Test
    void refusesBadValues() throws Exception {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SourceOptions.textEncoder("bert-large"));
        assertTrue(bad.getMessage().contains("minilm, minilm-float or the path of an .onnx file"), bad.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SourceOptions.textEncoder(dir.resolve("none.onnx").toString()));
        assertTrue(missing.getMessage().contains("no file at"), missing.getMessage());
        SourceOptions o = new SourceOptions();
        o.csv = csv();
        o.featureCache = dir.resolve("cache");
        IllegalArgumentException orphan = assertThrows(IllegalArgumentException.class, () -> o.resolve(new ConfigurationManager()));
        assertTrue(orphan.getMessage().contains("--feature-cache needs --text-encoder"), orphan.getMessage());
    }

    @Test
    void commandLineReportsABadEncoder() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CiderMain.run(new String[] {"data-info", "--csv", csv().toString(), "--text-encoder", "nonsense"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--text-encoder must be"), err.toString(StandardCharsets.UTF_8));
    }
}
