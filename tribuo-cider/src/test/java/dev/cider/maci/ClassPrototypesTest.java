package dev.cider.maci;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cider.data.FeatureSequence;
import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cider.maci.MaciExamples.sequence;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Class prototypes and priors on hand-made examples, whose means are computed by hand.
 */
class ClassPrototypesTest {
    private static final float JUNK = 99f; // padding values a correct average must ignore

    /**
     * One example: text ids [CLS] w w [SEP] (length 4 of 5 positions) with 2-d token features, audio 2-d over
     * 2 valid of 3 steps, vision 1-d over the given valid steps of 4.
     */
    private static MultimodalExample ex(String id, double score, float[][] tokenFeatures, float[][] audio, float[][] vision,
                                        boolean withFeatures) {
        int[] ids = {101, 2000, 2001, 102, 0};
        FeatureSequence tf = withFeatures ? sequence(tokenFeatures, 5, JUNK) : null;
        TextInput text = new TextInput(ids, 4, tf);
        return MaciExamples.example(id, score, SentimentTask.BINARY, text, sequence(audio, 3, JUNK), sequence(vision, 4, JUNK));
    }

    private static List<MultimodalExample> corpus(boolean withFeatures) {
        List<MultimodalExample> out = new ArrayList<>();
        // negative: sentence vectors [2, 1] and [4, 3]; audio means [2, 3] and [4, 5]; vision means [7] and [1]
        out.add(ex("n1", -1.5, new float[][] {{1, 0}, {2, 0}, {3, 0}, {2, 4}}, new float[][] {{1, 2}, {3, 4}},
                new float[][] {{5}, {7}, {9}}, withFeatures));
        out.add(ex("n2", -0.2, new float[][] {{4, 3}, {4, 3}, {4, 3}, {4, 3}}, new float[][] {{4, 5}, {4, 5}},
                new float[][] {{1}}, withFeatures));
        // neutral: sentence vector [0, 1]; audio [1, 1]; vision [2]
        out.add(ex("z1", 0.0, new float[][] {{0, 1}, {0, 1}, {0, 1}, {0, 1}}, new float[][] {{0, 0}, {2, 2}},
                new float[][] {{2}, {2}}, withFeatures));
        // positive: sentence vectors [1, 1], [3, 5], [5, 0]; audio [0, 0], [6, 6], [3, 0]; vision [3], [6], [0]
        out.add(ex("p1", 2.0, new float[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}}, new float[][] {{0, 0}, {0, 0}},
                new float[][] {{3}}, withFeatures));
        out.add(ex("p2", 0.4, new float[][] {{3, 5}, {3, 5}, {3, 5}, {3, 5}}, new float[][] {{6, 6}, {6, 6}},
                new float[][] {{6}, {6}, {6}, {6}}, withFeatures));
        out.add(ex("p3", 3.0, new float[][] {{5, 0}, {10, 0}, {0, 0}, {5, 0}}, new float[][] {{6, 0}, {0, 0}},
                new float[][] {{0}}, withFeatures));
        return out;
    }

    @Test
    void prototypesAndPriorsAreTheHandComputedClassMeans() {
        ClassPrototypes p = ClassPrototypes.fromExamples(corpus(true), SentimentTask.BINARY);
        assertEquals(3, p.numClasses());
        assertEquals(2, p.dim(Modality.TEXT));
        assertEquals(2, p.dim(Modality.AUDIO));
        assertEquals(1, p.dim(Modality.VISION));
        float[][] text = p.prototypes(Modality.TEXT);
        assertArrayEquals(new float[] {3, 2}, text[0], 1e-6f);
        assertArrayEquals(new float[] {0, 1}, text[1], 1e-6f);
        assertArrayEquals(new float[] {3, 2}, text[2], 1e-6f);
        float[][] audio = p.prototypes(Modality.AUDIO);
        assertArrayEquals(new float[] {3, 4}, audio[0], 1e-6f);
        assertArrayEquals(new float[] {1, 1}, audio[1], 1e-6f);
        assertArrayEquals(new float[] {3, 2}, audio[2], 1e-6f);
        float[][] vision = p.prototypes(Modality.VISION);
        assertArrayEquals(new float[] {4}, vision[0], 1e-6f);
        assertArrayEquals(new float[] {2}, vision[1], 1e-6f);
        assertArrayEquals(new float[] {3}, vision[2], 1e-6f);
        assertArrayEquals(new double[] {2 / 6.0, 1 / 6.0, 3 / 6.0}, p.priors(), 1e-12);
    }

    @Test
    void sentenceVectorFunctionIsUsedWhenTokenFeaturesAreAbsent() {
        Map<String, float[]> vectors = Map.of("n1", new float[] {1, 1, 1}, "n2", new float[] {3, 1, 1}, "z1", new float[] {0, 0, 9},
                "p1", new float[] {2, 2, 2}, "p2", new float[] {4, 4, 4}, "p3", new float[] {6, 6, 0});
        ClassPrototypes p = ClassPrototypes.fromExamples(corpus(false), SentimentTask.BINARY, ex -> vectors.get(ex.getId()));
        float[][] text = p.prototypes(Modality.TEXT);
        assertArrayEquals(new float[] {2, 1, 1}, text[0], 1e-6f);
        assertArrayEquals(new float[] {0, 0, 9}, text[1], 1e-6f);
        assertArrayEquals(new float[] {4, 4, 2}, text[2], 1e-6f);
        // the audio part does not depend on where the text vector came from
        assertArrayEquals(ClassPrototypes.fromExamples(corpus(true), SentimentTask.BINARY).prototypes(Modality.AUDIO)[2],
                p.prototypes(Modality.AUDIO)[2]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassPrototypes.fromExamples(corpus(false), SentimentTask.BINARY));
        assertTrue(e.getMessage().contains("'n1'") && e.getMessage().contains("token features"), e.getMessage());
    }

    @Test
    void emptyClassIsNamed() {
        List<MultimodalExample> noNeutral = new ArrayList<>(corpus(true));
        noNeutral.removeIf(ex -> ex.getId().equals("z1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassPrototypes.fromExamples(noNeutral, SentimentTask.BINARY));
        assertTrue(e.getMessage().contains("'neutral'") && e.getMessage().contains("no training example"), e.getMessage());

        // Relabelled for the seven task, most classes are empty; the first one is named.
        List<Example<Label>> seven = new ArrayList<>();
        for (MultimodalExample ex : corpus(true)) {
            seven.add(ex.withLabel(SentimentTask.SEVEN.label(ex.getScore())));
        }
        e = assertThrows(IllegalArgumentException.class, () -> ClassPrototypes.fromExamples(seven, SentimentTask.SEVEN));
        assertTrue(e.getMessage().contains("'-3'"), e.getMessage());
    }

    @Test
    void mismatchedDimensionsNameTheUtterance() {
        List<MultimodalExample> data = new ArrayList<>(corpus(true));
        TextInput text = new TextInput(new int[] {101, 2000, 102}, 3, null);
        data.add(MaciExamples.example("odd", 1.0, SentimentTask.BINARY, text.withTokenFeatures(FeatureSequence.zeros(3, 2, 3)),
                FeatureSequence.zeros(2, 3, 2), FeatureSequence.zeros(4, 1, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassPrototypes.fromExamples(data, SentimentTask.BINARY));
        assertTrue(e.getMessage().contains("'odd'") && e.getMessage().contains("audio"), e.getMessage());
    }

    @Test
    void testModeUsesTheMeanPrototypeAndUniformPriors() {
        ClassPrototypes p = ClassPrototypes.fromExamples(corpus(true), SentimentTask.BINARY);
        assertSame(p, p.forMode(PrototypeMode.TRAINING));
        ClassPrototypes t = p.forMode(PrototypeMode.TEST);
        // mean over classes of {3,2}, {0,1}, {3,2} and of {3,4}, {1,1}, {3,2} and of {4}, {2}, {3}
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new float[] {2, 5 / 3f}, t.prototypes(Modality.TEXT)[i], 1e-6f);
            assertArrayEquals(new float[] {7 / 3f, 7 / 3f}, t.prototypes(Modality.AUDIO)[i], 1e-6f);
            assertArrayEquals(new float[] {3}, t.prototypes(Modality.VISION)[i], 1e-6f);
        }
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, t.priors(), 1e-15);
    }

    @Test
    void ndListHasTheHeadsInputShapes() {
        ClassPrototypes p = ClassPrototypes.fromExamples(corpus(true), SentimentTask.BINARY);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = p.toNDList(manager, PrototypeMode.TRAINING);
            assertEquals(4, list.size());
            assertEquals(new Shape(3, 2), list.get(0).getShape());
            assertEquals(new Shape(3, 2), list.get(1).getShape());
            assertEquals(new Shape(3, 1), list.get(2).getShape());
            assertEquals(new Shape(3), list.get(3).getShape());
            assertArrayEquals(new float[] {3, 2, 0, 1, 3, 2}, list.get(0).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1 / 3f, 1 / 6f, 1 / 2f}, list.get(3).toFloatArray(), 1e-7f);
        }
    }

    @Test
    void roundTripsThroughPlainArraysAndJavaSerialisation() throws Exception {
        ClassPrototypes p = ClassPrototypes.fromExamples(corpus(true), SentimentTask.BINARY);
        ClassPrototypes copy = ClassPrototypes.of(p.prototypes(Modality.TEXT), p.prototypes(Modality.AUDIO), p.prototypes(Modality.VISION),
                p.priors());
        assertEquals(p, copy);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(p, in.readObject());
        }
        // accessors hand out copies
        p.prototypes(Modality.TEXT)[0][0] = -1;
        p.priors()[0] = -1;
        assertEquals(copy, p);
    }

    @Test
    void invalidArraysAreRejected() {
        float[][] two = {{1}, {2}};
        assertThrows(IllegalArgumentException.class, () -> ClassPrototypes.of(two, two, two, new double[] {0.5, 0.6}));
        assertThrows(IllegalArgumentException.class, () -> ClassPrototypes.of(two, two, two, new double[] {1.5, -0.5}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassPrototypes.of(two, new float[][] {{1}, {1}, {1}}, two, new double[] {0.5, 0.5}));
        assertTrue(e.getMessage().contains("audio"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassPrototypes.of(two, two, new float[][] {{1}, {Float.NaN}}, new double[] {0.5, 0.5}));
        assertTrue(e.getMessage().contains("vision") && e.getMessage().contains("class 1"), e.getMessage());
    }
}
