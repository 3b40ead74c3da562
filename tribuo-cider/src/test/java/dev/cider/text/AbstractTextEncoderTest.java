package dev.cider.text;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.FeatureSequence;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batching, checks, lock-guarded close and provenance shared by the model-backed encoders, on a model-free encoder. */
class AbstractTextEncoderTest {

    /** Features: row t of a text is (token id, valid length); records the groups it is given. */
    static final class EchoEncoder extends AbstractTextEncoder {
        final List<int[]> groups = new ArrayList<>();
        int released;
        private boolean open = true;

        EchoEncoder(int batchSize) {
            super(batchSize);
            checkBatchSize();
            setModelHash("ab".repeat(32));
            setDim(2);
        }

        @Override
        protected String describeModel() {
            return "echo";
        }

        @Override
        protected boolean isOpen() {
            return open;
        }

        @Override
        protected void checkText(TextInput text, int index) {
            if (text.length() > 0 && text.tokenId(0) < 0) {
                throw new IllegalArgumentException("text " + index + " starts with a negative id");
            }
        }

        @Override
        protected void encodeBatch(List<TextInput> texts, int[] group, FeatureSequence[] out) {
            groups.add(group.clone());
            int width = 0;
            for (int i : group) {
                width = Math.max(width, texts.get(i).length());
            }
            if (fillIfEmpty(texts, group, width, out)) {
                return;
            }
            for (int i : group) {
                TextInput text = texts.get(i);
                float[] values = new float[text.steps() * 2];
                for (int t = 0; t < text.length(); t++) {
                    values[2 * t] = text.tokenId(t);
                    values[2 * t + 1] = text.length();
                }
                out[i] = FeatureSequence.wrap(values, text.steps(), 2, text.length());
            }
        }

        @Override
        protected void release() {
            open = false;
            released++;
        }
    }

    private static TextInput text(int length) {
        int[] ids = new int[6];
        for (int t = 0; t < length; t++) {
            ids[t] = 100 + t;
        }
        return new TextInput(ids, length, null);
    }

    @Test
    void encodesLongestFirstInGroupsAndReturnsTheInputOrder() {
        EchoEncoder encoder = new EchoEncoder(2);
        List<TextInput> texts = List.of(text(1), text(4), text(0), text(3), text(2));
        List<FeatureSequence> out = encoder.encode(texts);

        assertEquals(List.of("[1, 3]", "[4, 0]", "[2]"), encoder.groups.stream().map(Arrays::toString).toList());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(6, out.get(i).steps());
            assertEquals(texts.get(i).length(), out.get(i).length());
            for (int t = 0; t < texts.get(i).length(); t++) {
                assertEquals(100 + t, out.get(i).get(t, 0));
            }
        }
        assertArrayEquals(new float[12], out.get(2).toArray());
    }

    @Test
    void checksEveryTextBeforeEncodingAny() {
        EchoEncoder encoder = new EchoEncoder(8);
        TextInput bad = new TextInput(new int[]{-1, 5}, 2, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of(text(3), bad)));
        assertTrue(e.getMessage().contains("text 1"), e.getMessage());
        assertTrue(encoder.groups.isEmpty());
    }

    @Test
    void closeReleasesOnceAndLaterCallsFail() {
        EchoEncoder encoder = new EchoEncoder(4);
        encoder.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> encoder.encode(List.of(text(2))));
        assertEquals("EchoEncoder(echo) is closed", e.getMessage());
        assertEquals(1, encoder.released);
    }

    @Test
    void rejectsABatchSizeBelowOne() {
        PropertyException e = assertThrows(PropertyException.class, () -> new EchoEncoder(0));
        assertEquals("batchSize", e.getProperty());
    }

    @Test
    void rejectsAMissingModelFile(@TempDir Path dir) {
        AbstractTextEncoder.checkModelFile(null);
        PropertyException e = assertThrows(PropertyException.class, () -> AbstractTextEncoder.checkModelFile(dir.resolve("none.onnx")));
        assertEquals("modelPath", e.getProperty());
        assertThrows(PropertyException.class, () -> AbstractTextEncoder.checkModelFile(dir));
    }

    @Test
    void aFailedLoadReleasesTheModel() {
        EchoEncoder encoder = new EchoEncoder(4);
        IllegalStateException cause = new IllegalStateException("broken");
        PropertyException e = encoder.loadFailure(cause, "model", "cannot load");
        assertEquals(1, encoder.released);
        assertEquals("model", e.getProperty());
        assertEquals(cause, e.getCause());
    }

    @Test
    void describesItself() {
        EchoEncoder encoder = new EchoEncoder(3);
        assertEquals("ab".repeat(32), encoder.modelHash());
        assertEquals(2, encoder.dim());
        assertEquals(3, encoder.batchSize());
        assertEquals("EchoEncoder(model=echo, dim=2, sha256=" + "ab".repeat(32) + ", batchSize=3)", encoder.toString());
    }
}
