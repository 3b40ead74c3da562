package dev.cider.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.cider.data.DataLayout;
import dev.cider.data.FeatureSequence;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import dev.cider.data.TextInput;
import dev.cider.missing.KeepMask;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.Rmfm;
import dev.cider.missing.TrainingRateMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchAssemblerTest {

    private static void assertSameTensors(NDList expected, NDList actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            NDArray e = expected.get(i);
            NDArray a = actual.get(i);
            assertEquals(e.getShape(), a.getShape(), "tensor " + i);
            assertEquals(e.getDataType(), a.getDataType(), "tensor " + i);
            if (e.getDataType() == DataType.INT32) {
                assertArrayEquals(e.toIntArray(), a.toIntArray(), "tensor " + i);
            } else {
                // Exact, bit for bit (no tolerance).
                assertArrayEquals(e.toFloatArray(), a.toFloatArray(), "tensor " + i);
            }
        }
    }

    private static void checkCorruptedBatch(int featureDim, TextRepresentation text) {
        List<MultimodalExample> batch = RuntimeFixtures.examples(6, featureDim, 5);
        BatchAssembler assembler = new BatchAssembler(DataLayout.of(batch.get(0)), text);
        MissingPattern pattern = new Rmfm();
        SplittableRandom rng = new SplittableRandom(11);
        List<KeepMask> masks = new ArrayList<>();
        List<MultimodalExample> corrupted = new ArrayList<>();
        int dropped = 0;
        for (int i = 0; i < batch.size(); i++) {
            MultimodalExample ex = batch.get(i);
            // Training masks for most, a heavy evaluation mask and an untouched one for the others.
            KeepMask m = i == 0 ? pattern.mask(ex, 0.9, 3) : i == 1 ? KeepMask.allKept(ex)
                    : pattern.trainingMask(ex, TrainingRateMode.PER_EXAMPLE, rng);
            masks.add(m);
            corrupted.add(m.apply(ex));
            dropped += m.droppedCount(Modality.TEXT) > 0 ? 1 : 0;
        }
        assertTrue(dropped >= 2, "the masks drop tokens");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList direct = assembler.assemble(manager, batch, masks);
            assertSameTensors(assembler.assemble(manager, corrupted), direct);
            assertFalse(assembler.assemble(manager, batch).get(BatchAssembler.TEXT).contentEquals(direct.get(BatchAssembler.TEXT)),
                    "the corrupted text differs from the complete text");
            assertFalse(assembler.assemble(manager, batch).get(BatchAssembler.AUDIO).contentEquals(direct.get(BatchAssembler.AUDIO)),
                    "the corrupted audio differs from the complete audio");
        }
    }

    @Test
    void corruptedBatchFromMasksEqualsCorruptedExamplesWithTokenFeatures() {
        checkCorruptedBatch(8, TextRepresentation.TOKEN_FEATURES);
    }

    @Test
    void corruptedBatchFromMasksEqualsCorruptedExamplesWithTokenIds() {
        checkCorruptedBatch(0, TextRepresentation.TOKEN_IDS);
    }

    @Test
    void replacedTextsEqualExamplesWithThoseTexts() {
        List<MultimodalExample> batch = RuntimeFixtures.examples(4, 8, 6);
        BatchAssembler assembler = new BatchAssembler(DataLayout.of(batch.get(0)), TextRepresentation.TOKEN_FEATURES);
        List<TextInput> texts = new ArrayList<>();
        List<MultimodalExample> replaced = new ArrayList<>();
        for (MultimodalExample ex : batch) {
            boolean[] keep = new boolean[ex.getText().steps()];
            for (int t = 0; t < keep.length; t++) {
                keep[t] = t % 2 == 0;
            }
            TextInput t = ex.getText().withDroppedTokens(keep, ex.getSpecialTokens());
            texts.add(t);
            replaced.add(ex.withText(t));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            assertSameTensors(assembler.assemble(manager, replaced), assembler.assembleWithTexts(manager, batch, texts));
        }
    }

    /** The padded matrix of a sequence written out from its accessors (the layout FeatureSequence used to store). */
    private static float[] padded(FeatureSequence seq) {
        float[] out = new float[seq.steps() * seq.dim()];
        for (int t = 0; t < seq.steps(); t++) {
            for (int d = 0; d < seq.dim(); d++) {
                out[t * seq.dim() + d] = seq.get(t, d);
            }
        }
        return out;
    }

    private static float[] concat(List<float[]> parts) {
        float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int offset = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }

    @Test
    void assembledFramesAreThePaddedMatrices() {
        // Frames stored without their padding, and one audio sequence whose padding is not zero (kept as it was given).
        List<MultimodalExample> batch = new ArrayList<>(RuntimeFixtures.examples(3, 8, 9));
        MultimodalExample first = batch.get(0);
        FeatureSequence audio = first.getAudio();
        float[] dirty = audio.toArray();
        dirty[dirty.length - 1] = 0.75f;
        MultimodalExample withDirtyPadding = new MultimodalExample(first.getOutput(), first.getId(), first.getRawText(), first.getScore(),
                first.getText(), FeatureSequence.wrap(dirty, audio.steps(), audio.dim(), audio.length()), first.getVision(),
                first.getSpecialTokens());
        batch.set(0, withDirtyPadding);
        BatchAssembler assembler = new BatchAssembler(DataLayout.of(batch.get(0)), TextRepresentation.TOKEN_FEATURES);
        List<float[]> audios = new ArrayList<>();
        List<float[]> visions = new ArrayList<>();
        List<float[]> texts = new ArrayList<>();
        for (MultimodalExample ex : batch) {
            audios.add(padded(ex.getAudio()));
            visions.add(padded(ex.getVision()));
            texts.add(padded(ex.getText().tokenFeatures().orElseThrow()));
        }
        assertEquals(0.75f, audios.get(0)[dirty.length - 1]);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList out = assembler.assemble(manager, batch);
            assertArrayEquals(concat(audios), out.get(BatchAssembler.AUDIO).toFloatArray());
            assertArrayEquals(concat(visions), out.get(BatchAssembler.VISION).toFloatArray());
            assertArrayEquals(concat(texts), out.get(BatchAssembler.TEXT).toFloatArray());
            float[] audioMask = out.get(BatchAssembler.AUDIO_MASK).toFloatArray();
            for (int i = 0; i < batch.size(); i++) {
                FeatureSequence a = batch.get(i).getAudio();
                for (int t = 0; t < a.steps(); t++) {
                    assertEquals(t < a.length() ? 1f : 0f, audioMask[i * a.steps() + t]);
                }
            }
        }
    }

    @Test
    void masksAndTextsMustFit() {
        List<MultimodalExample> batch = RuntimeFixtures.examples(3, 0, 7);
        BatchAssembler assembler = new BatchAssembler(DataLayout.of(batch.get(0)), TextRepresentation.TOKEN_IDS);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<KeepMask> oneMask = List.of(KeepMask.allKept(batch.get(0)));
            IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> assembler.assemble(manager, batch, oneMask));
            assertTrue(count.getMessage().contains("one keep mask per example"), count.getMessage());
            MultimodalExample other = batch.stream().filter(e -> e.getAudio().length() != batch.get(0).getAudio().length())
                    .findFirst().orElseThrow();
            List<KeepMask> wrong = List.of(KeepMask.allKept(other), KeepMask.allKept(batch.get(1)), KeepMask.allKept(batch.get(2)));
            IllegalArgumentException fit = assertThrows(IllegalArgumentException.class, () -> assembler.assemble(manager, batch, wrong));
            assertTrue(fit.getMessage().contains(batch.get(0).getId()) && fit.getMessage().contains(other.getId()), fit.getMessage());
        }
    }

    @Test
    void trimmedBatchesKeepThePrefixOfThePaddedBatch() {
        List<MultimodalExample> batch = RuntimeFixtures.examples(5, 4, 13);
        DataLayout layout = DataLayout.of(batch.get(0));
        for (TextRepresentation text : List.of(TextRepresentation.TOKEN_FEATURES, TextRepresentation.TOKEN_IDS)) {
            BatchAssembler full = new BatchAssembler(layout, text);
            BatchAssembler trimmed = full.trimmingPadding();
            assertTrue(trimmed.trimsPadding());
            assertFalse(full.trimsPadding());
            List<KeepMask> masks = new ArrayList<>();
            SplittableRandom rng = new SplittableRandom(3);
            for (MultimodalExample ex : batch) {
                masks.add(new Rmfm().trainingMask(ex, TrainingRateMode.PER_EXAMPLE, rng));
            }
            try (NDManager manager = NDManager.newBaseManager()) {
                NDList padded = full.assemble(manager, batch, masks);
                NDList cut = trimmed.assemble(manager, batch, masks);
                int[] longest = {
                        batch.stream().mapToInt(e -> e.getText().length()).max().orElseThrow(),
                        batch.stream().mapToInt(e -> e.getAudio().length()).max().orElseThrow(),
                        batch.stream().mapToInt(e -> e.getVision().length()).max().orElseThrow()};
                int[] steps = {layout.textSteps(), layout.audioSteps(), layout.visionSteps()};
                for (int m = 0; m < 3; m++) {
                    assertTrue(longest[m] < steps[m], "the fixture has padding to cut in modality " + m);
                    for (int k = 2 * m; k <= 2 * m + 1; k++) {
                        NDArray c = cut.get(k);
                        NDArray p = padded.get(k);
                        assertEquals(longest[m], c.getShape().get(1), "tensor " + k);
                        String prefix = ":, 0:" + longest[m] + (c.getShape().dimension() == 3 ? ", :" : "");
                        String rest = ":, " + longest[m] + ":" + (c.getShape().dimension() == 3 ? ", :" : "");
                        assertSameTensors(new NDList(p.get(prefix)), new NDList(c));
                        assertEquals(0f, p.get(rest).toType(DataType.FLOAT32, false).abs().sum().getFloat(), "only padding is cut from tensor " + k);
                    }
                }
            }
        }
    }
}
