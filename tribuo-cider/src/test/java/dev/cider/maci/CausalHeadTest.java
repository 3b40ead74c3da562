package dev.cider.maci;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import dev.cider.data.Modality;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The causal head: parameter counts of the spec, and its forward pass against an independent plain-Java
 * computation from its parameters.
 */
class CausalHeadTest {
    private static final int J = 96;
    private static final int DL = 768;
    private static final int DA = 5;
    private static final int DV = 20;

    private static CausalHead head(int k, int dl, int da, int dv) {
        return CausalHead.builder().setNumClasses(k).optJointDim(J).optHiddenDim(32).setTextDim(dl).setAudioDim(da).setVisionDim(dv).build();
    }

    private static Shape[] inputShapes(int batch, int k, int dl, int da, int dv) {
        return new Shape[] {new Shape(batch, J), new Shape(k, dl), new Shape(k, da), new Shape(k, dv), new Shape(k)};
    }

    @Test
    void parameterCountsMatchTheSpecForThreeAndSevenClasses() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalHead three = head(3, DL, DA, DV);
            three.initialize(manager, DataType.FLOAT32, inputShapes(4, 3, DL, DA, DV));
            assertEquals(31_808, three.prototypeEncoderParameterCount());
            assertEquals(1_737, three.classifierParameterCount());
            assertEquals(31_808 + 1_737, CausalHead.countParameters(three));

            CausalHead seven = head(7, DL, DA, DV);
            seven.initialize(manager, DataType.FLOAT32, inputShapes(4, 7, DL, DA, DV));
            assertEquals(31_808, seven.prototypeEncoderParameterCount());
            assertEquals(7L * (192 * 7 + 7), seven.classifierParameterCount());
            // The spec's K=7 minus K=3 totals (MOSI aligned, N=1) differ exactly by the classifier growth.
            assertEquals(179_801 - 172_081, seven.classifierParameterCount() - three.classifierParameterCount());
            // Per-encoder split: text 768*32+32 + 2*(32*32+32), audio and vision likewise.
            assertEquals(26_720, CausalHead.countParameters(three.getPrototypeEncoder(Modality.TEXT)));
            assertEquals(2_304, CausalHead.countParameters(three.getPrototypeEncoder(Modality.AUDIO)));
            assertEquals(2_784, CausalHead.countParameters(three.getPrototypeEncoder(Modality.VISION)));
            assertEquals(new Shape(3, 192), three.getClassifier(0).getParameters().get("weight").getArray().getShape());
        }
    }

    @Test
    void builderRejectsMissingSettings() {
        assertThrows(IllegalArgumentException.class, () -> CausalHead.builder().setTextDim(4).setAudioDim(2).setVisionDim(2).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CausalHead.builder().setNumClasses(3).setTextDim(4).setAudioDim(2).build());
        assertTrue(e.getMessage().contains("d_v=-1"), e.getMessage());
    }

    /** A small head with random weights and biases, and random inputs. */
    private static final class Fixture {
        final int k = 3;
        final int batch = 5;
        final int dl = 6;
        final int da = 3;
        final int dv = 4;
        final CausalHead head = head(k, dl, da, dv);
        final float[][] joint;
        final float[][] text;
        final float[][] audio;
        final float[][] vision;

        Fixture(NDManager manager) {
            Engine.getInstance().setRandomSeed(1234);
            head.setInitializer(new NormalInitializer(0.3f), Parameter.Type.WEIGHT);
            head.setInitializer(new NormalInitializer(0.2f), Parameter.Type.BIAS);
            head.initialize(manager, DataType.FLOAT32, inputShapes(batch, k, dl, da, dv));
            Random rng = new Random(7);
            joint = random(rng, batch, J);
            text = random(rng, k, dl);
            audio = random(rng, k, da);
            vision = random(rng, k, dv);
        }

        NDList inputs(NDManager manager, float[][] text, float[][] audio, float[][] vision, float[] priors) {
            return new NDList(matrix(manager, joint), matrix(manager, text), matrix(manager, audio), matrix(manager, vision),
                    manager.create(priors));
        }

        float[][] forward(NDManager manager, NDList inputs) {
            NDArray out = head.forward(new ParameterStore(manager, false), inputs, false).singletonOrThrow();
            assertEquals(new Shape(batch, k), out.getShape());
            return rows(out.toFloatArray(), batch, k);
        }
    }

    @Test
    void outputIsALogDistributionEqualToThePriorWeightedMixture() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Fixture f = new Fixture(manager);
            float[] priors = {0.2f, 0.3f, 0.5f};
            float[][] out = f.forward(manager, f.inputs(manager, f.text, f.audio, f.vision, priors));
            double[][][] perClass = referenceClassSoftmaxes(f.head, f.joint, f.text, f.audio, f.vision);
            for (int b = 0; b < f.batch; b++) {
                double rowSum = 0;
                for (int y = 0; y < f.k; y++) {
                    assertTrue(Float.isFinite(out[b][y]));
                    rowSum += Math.exp(out[b][y]);
                    double mixture = 0;
                    for (int i = 0; i < f.k; i++) {
                        mixture += priors[i] * perClass[i][b][y];
                    }
                    assertEquals(Math.log(mixture), out[b][y], 1e-4, "row " + b + ", class " + y);
                }
                assertEquals(1.0, rowSum, 1e-5);
            }
        }
    }

    @Test
    void oneHotPriorGivesThatClassifiersLogSoftmax() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Fixture f = new Fixture(manager);
            double[][][] perClass = referenceClassSoftmaxes(f.head, f.joint, f.text, f.audio, f.vision);
            for (int j = 0; j < f.k; j++) {
                float[] priors = new float[f.k];
                priors[j] = 1f;
                float[][] out = f.forward(manager, f.inputs(manager, f.text, f.audio, f.vision, priors));
                for (int b = 0; b < f.batch; b++) {
                    for (int y = 0; y < f.k; y++) {
                        assertEquals(Math.log(perClass[j][b][y]), out[b][y], 1e-4, "prior on " + j + ", row " + b + ", class " + y);
                    }
                }
            }
            // The classes really differ, so the check above can tell them apart.
            assertTrue(Math.abs(perClass[0][0][0] - perClass[1][0][0]) > 1e-3);
        }
    }

    @Test
    void testModePrototypesMakeEveryClassSlotIdentical() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Fixture f = new Fixture(manager);
            double[] priors = {0.25, 0.25, 0.5};
            ClassPrototypes protos = ClassPrototypes.of(f.text, f.audio, f.vision, priors);
            NDList testInputs = protos.toNDList(manager, PrototypeMode.TEST);
            for (int m = 0; m < 3; m++) {
                Modality modality = Modality.values()[m];
                // The inputs of every slot are bit-for-bit the mean prototype ...
                float[][] slots = rows(testInputs.get(m).toFloatArray(), f.k, (int) testInputs.get(m).getShape().get(1));
                float[][] expected = mean(m == 0 ? f.text : m == 1 ? f.audio : f.vision);
                for (int i = 0; i < f.k; i++) {
                    assertArrayEquals(expected[i], slots[i], modality + " input slot " + i);
                }
                // ... so their codes agree (up to the row-dependent rounding of a batched matrix product).
                Block encoder = f.head.getPrototypeEncoder(modality);
                NDArray codes = encoder.forward(new ParameterStore(manager, false), new NDList(testInputs.get(m)), false).singletonOrThrow();
                float[][] z = rows(codes.toFloatArray(), f.k, 32);
                for (int i = 1; i < f.k; i++) {
                    assertArrayEquals(z[0], z[i], 1e-5f, modality + " code of slot " + i);
                }
            }
            assertArrayEquals(new float[] {1f / 3, 1f / 3, 1f / 3}, testInputs.get(3).toFloatArray(), 1e-7f);
            NDList inputs = new NDList(matrix(manager, f.joint));
            inputs.addAll(testInputs);
            float[][] out = f.forward(manager, inputs);
            float[][] meanText = mean(f.text);
            float[][] meanAudio = mean(f.audio);
            float[][] meanVision = mean(f.vision);
            double[][][] perClass = referenceClassSoftmaxes(f.head, f.joint, meanText, meanAudio, meanVision);
            for (int b = 0; b < f.batch; b++) {
                for (int y = 0; y < f.k; y++) {
                    double mixture = (perClass[0][b][y] + perClass[1][b][y] + perClass[2][b][y]) / 3;
                    assertEquals(Math.log(mixture), out[b][y], 1e-4);
                }
            }
        }
    }

    @Test
    void gradientsReachEveryParameterAndTheJointRepresentation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Fixture f = new Fixture(manager);
            NDList inputs = f.inputs(manager, f.text, f.audio, f.vision, new float[] {0.2f, 0.3f, 0.5f});
            inputs.get(0).setRequiresGradient(true);
            try (ai.djl.training.GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray logP = f.head.forward(new ParameterStore(manager, false), inputs, true).singletonOrThrow();
                // NLL of class 1 for every row
                NDArray loss = logP.get(":, 1").neg().mean();
                gc.backward(loss);
            }
            for (var p : f.head.getParameters()) {
                float[] g = p.getValue().getArray().getGradient().toFloatArray();
                double norm = 0;
                for (float v : g) {
                    assertTrue(Float.isFinite(v), p.getKey());
                    norm += v * v;
                }
                assertTrue(norm > 0, "no gradient reaches " + p.getKey());
            }
            assertTrue(inputs.get(0).getGradient().abs().sum().getFloat() > 0);
        }
    }

    @Test
    void wrongInputShapesAreNamed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Fixture f = new Fixture(manager);
            NDList bad = f.inputs(manager, f.text, f.audio, f.vision, new float[] {0.2f, 0.3f, 0.5f});
            bad.set(0, manager.zeros(new Shape(f.batch, J + 1)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.forward(manager, bad));
            assertTrue(e.getMessage().contains("joint representation"), e.getMessage());
            NDList badPriors = f.inputs(manager, f.text, f.audio, f.vision, new float[] {0.5f, 0.5f});
            e = assertThrows(IllegalArgumentException.class, () -> f.forward(manager, badPriors));
            assertTrue(e.getMessage().contains("priors"), e.getMessage());
        }
    }

    // ---- independent plain-Java computation from the block's parameters ----

    /** softmax(Classifier_i(concat(joint, z_l^i, z_a^i, z_v^i))) for every class slot i: [i][b][y]. */
    private static double[][][] referenceClassSoftmaxes(CausalHead head, float[][] joint, float[][] text, float[][] audio, float[][] vision) {
        int k = head.getNumClasses();
        double[][][] out = new double[k][joint.length][];
        for (int i = 0; i < k; i++) {
            double[] zl = mlp(head.getPrototypeEncoder(Modality.TEXT), toDouble(text[i]));
            double[] za = mlp(head.getPrototypeEncoder(Modality.AUDIO), toDouble(audio[i]));
            double[] zv = mlp(head.getPrototypeEncoder(Modality.VISION), toDouble(vision[i]));
            List<double[][]> cls = linearLayers(head.getClassifier(i));
            for (int b = 0; b < joint.length; b++) {
                double[] h = concat(toDouble(joint[b]), zl, za, zv);
                out[i][b] = softmax(affine(cls.get(0), cls.get(1)[0], h));
            }
        }
        return out;
    }

    /** Three affine layers with ReLU between them. */
    private static double[] mlp(Block encoder, double[] x) {
        List<double[][]> layers = linearLayers(encoder);
        assertEquals(6, layers.size());
        double[] h = x;
        for (int l = 0; l < 3; l++) {
            h = affine(layers.get(2 * l), layers.get(2 * l + 1)[0], h);
            if (l < 2) {
                for (int d = 0; d < h.length; d++) {
                    h[d] = Math.max(0, h[d]);
                }
            }
        }
        return h;
    }

    /** The parameters in order: weight (out x in), bias as a 1 x out matrix, ... */
    private static List<double[][]> linearLayers(Block block) {
        List<double[][]> out = new ArrayList<>();
        for (var p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            Shape s = a.getShape();
            float[] v = a.toFloatArray();
            if (s.dimension() == 2) {
                out.add(toDouble(rows(v, (int) s.get(0), (int) s.get(1))));
            } else {
                out.add(new double[][] {toDouble(v)});
            }
        }
        return out;
    }

    private static double[] affine(double[][] w, double[] bias, double[] x) {
        assertEquals(w[0].length, x.length);
        double[] y = new double[w.length];
        for (int o = 0; o < w.length; o++) {
            double s = bias[o];
            for (int d = 0; d < x.length; d++) {
                s += w[o][d] * x[d];
            }
            y[o] = s;
        }
        return y;
    }

    private static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    private static float[][] mean(float[][] rows) {
        float[] m = new float[rows[0].length];
        for (int d = 0; d < m.length; d++) {
            double s = 0;
            for (float[] r : rows) {
                s += r[d];
            }
            m[d] = (float) (s / rows.length);
        }
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = m.clone();
        }
        return out;
    }

    private static float[][] random(Random rng, int n, int d) {
        float[][] out = new float[n][d];
        for (float[] row : out) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) rng.nextGaussian();
            }
        }
        return out;
    }

    private static NDArray matrix(NDManager manager, float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return manager.create(flat, new Shape(rows.length, rows[0].length));
    }

    private static float[][] rows(float[] flat, int n, int d) {
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static double[][] toDouble(float[][] v) {
        double[][] out = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = toDouble(v[i]);
        }
        return out;
    }
}
