package dev.cider.maci;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.cider.data.DataSplit;
import dev.cider.data.Modality;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.pickle.NpyFiles;
import dev.cider.data.source.pickle.NpyFilesTest;
import dev.cider.data.source.pickle.NumpyArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads the prototype files published with the public CIDer implementation (from the shared data directory,
 * skipped when it is absent), and checks the loader's errors on a hand-made directory.
 */
class PublishedPrototypesTest {
    private static final int MOSI_TRAIN_SIZE = 1284;
    private static Path root;

    @BeforeAll
    static void findRoot() {
        String shared = System.getProperty("cider.shared.dir");
        root = shared == null ? null : Path.of(shared, "data", "cider-prototypes");
    }

    private static Path sharedRoot() {
        assumeTrue(root != null, "System property cider.shared.dir is not set: skipping the published-prototype test");
        assumeTrue(Files.isDirectory(root.resolve("mosi_feats")),
                "Published CIDer prototypes not found under " + root + ": skipping the published-prototype test");
        return root;
    }

    @Test
    void everyMosiPrototypeSetLoadsWithTheExpectedShapes() throws IOException {
        Path dir = sharedRoot();
        int sets = 0;
        for (String distribution : new String[] {"iid", "ood"}) {
            for (SentimentTask task : SentimentTask.values()) {
                for (DataSplit split : DataSplit.values()) {
                    for (boolean aligned : new boolean[] {true, false}) {
                        PublishedPrototypes.Key key = new PublishedPrototypes.Key("mosi", distribution, task, split, aligned, false);
                        ClassPrototypes p = PublishedPrototypes.load(dir, key);
                        int k = task.numClasses();
                        assertEquals(k, p.numClasses(), key.toString());
                        assertEquals(768, p.dim(Modality.TEXT));
                        assertEquals(5, p.dim(Modality.AUDIO));
                        assertEquals(20, p.dim(Modality.VISION));
                        assertEquals(k, p.prototypes(Modality.TEXT).length);
                        double sum = 0;
                        for (double prior : p.priors()) {
                            assertTrue(prior > 0, key + " prior " + prior);
                            sum += prior;
                        }
                        assertEquals(1.0, sum, 1e-12, key.toString());
                        sets++;
                    }
                }
            }
        }
        assertEquals(24, sets);
    }

    @Test
    void publishedPriorsAreTrainingFrequenciesOfTheMosiSplit() throws IOException {
        Path dir = sharedRoot();
        for (String distribution : new String[] {"iid", "ood"}) {
            for (SentimentTask task : SentimentTask.values()) {
                Path file = PublishedPrototypes.priorPath(dir, PublishedPrototypes.Key.train("mosi", distribution, task, false));
                NumpyArray raw = NpyFiles.read(file);
                assertArrayEquals(new long[] {task.numClasses()}, raw.shape(), file.toString());
                double sum = 0;
                for (double v : raw.toDoubleArray()) {
                    assertTrue(v > 0, file + ": " + v);
                    sum += v;
                    // each prior is a count over the 1284 training utterances
                    double count = v * MOSI_TRAIN_SIZE;
                    assertEquals(Math.rint(count), count, 1e-3, file + ": " + v);
                }
                assertEquals(1.0, sum, 1e-6, file.toString());
            }
        }
    }

    @Test
    void readerMatchesNumpyOnAPublishedFile() throws IOException {
        Path dir = sharedRoot();
        PublishedPrototypes.Key key = PublishedPrototypes.Key.train("mosi", "iid", SentimentTask.BINARY, false);
        NumpyArray raw = NpyFiles.read(PublishedPrototypes.featurePath(dir, key, 0));
        assertArrayEquals(new long[] {793}, raw.shape());
        // values printed by numpy for the same file
        assertEquals(-0.020678651264355773, raw.getDouble(0));
        assertEquals(0.07661835748792263, raw.getDouble(768));
        assertEquals(-0.01726722679285792, raw.getDouble(792));
        ClassPrototypes p = PublishedPrototypes.load(dir, key);
        assertEquals((float) raw.getDouble(0), p.prototypes(Modality.TEXT)[0][0]);
        assertEquals((float) raw.getDouble(768), p.prototypes(Modality.AUDIO)[0][0]);
        assertEquals((float) raw.getDouble(792), p.prototypes(Modality.VISION)[0][19]);
        // the float32 priors of this set, widened then renormalised
        assertArrayEquals(new double[] {552 / 1284.0, 53 / 1284.0, 679 / 1284.0}, p.priors(), 1e-7);
    }

    @Test
    void mosiAndCrossDatasetVariants() throws IOException {
        Path dir = sharedRoot();
        assumeTrue(Files.isDirectory(dir.resolve("mosei_feats")), "No MOSEI prototypes under " + dir);
        ClassPrototypes mosei = PublishedPrototypes.load(dir, PublishedPrototypes.Key.train("mosei", "ood", SentimentTask.SEVEN, false));
        assertEquals(7, mosei.numClasses());
        assertEquals(74, mosei.dim(Modality.AUDIO));
        assertEquals(35, mosei.dim(Modality.VISION));
        // The cross-dataset vectors have other feature sizes: the standard MOSI split does not fit and says so.
        PublishedPrototypes.Key cross = new PublishedPrototypes.Key("mosi", "iid", SentimentTask.BINARY, DataSplit.TRAIN, true, true);
        IOException e = assertThrows(IOException.class, () -> PublishedPrototypes.load(dir, cross));
        assertTrue(e.getMessage().contains("[cross_dataset]") && e.getMessage().contains("793"), e.getMessage());
    }

    @Test
    void publishedPrototypesFeedTheCausalHead() throws IOException {
        Path dir = sharedRoot();
        ClassPrototypes p = PublishedPrototypes.load(dir, PublishedPrototypes.Key.train("mosi", "iid", SentimentTask.BINARY, true));
        CausalHead head = CausalHead.builder().setNumClasses(3).setTextDim(768).setAudioDim(5).setVisionDim(20).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (PrototypeMode mode : PrototypeMode.values()) {
                NDList inputs = new NDList(manager.randomNormal(new Shape(4, 96)));
                inputs.addAll(p.toNDList(manager, mode));
                if (!head.isInitialized()) {
                    head.initialize(manager, DataType.FLOAT32, inputs.getShapes());
                }
                NDArray out = head.forward(new ParameterStore(manager, false), inputs, false).singletonOrThrow();
                assertEquals(new Shape(4, 3), out.getShape());
                float[] sums = out.exp().sum(new int[] {1}).toFloatArray();
                assertArrayEquals(new float[] {1, 1, 1, 1}, sums, 1e-5f, mode.toString());
            }
        }
    }

    @Test
    void loaderErrorsNameTheFile(@TempDir Path dir) throws IOException {
        PublishedPrototypes.Key key = PublishedPrototypes.Key.train("mosi", "iid", SentimentTask.BINARY, true);
        IOException missing = assertThrows(IOException.class, () -> PublishedPrototypes.load(dir, key, 2, 1, 1));
        assertTrue(missing.getMessage().contains("mosi_train_binary_aligned_0.npy"), missing.getMessage());

        for (int c = 0; c < 3; c++) {
            Path f = PublishedPrototypes.featurePath(dir, key, c);
            Files.createDirectories(f.getParent());
            Files.write(f, NpyFilesTest.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }",
                    NpyFilesTest.doubles(ByteOrder.LITTLE_ENDIAN, c, c + 1, c + 2, c + 3)));
        }
        Path priors = PublishedPrototypes.priorPath(dir, key);
        Files.createDirectories(priors.getParent());
        Files.write(priors, NpyFilesTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
                NpyFilesTest.floats(ByteOrder.LITTLE_ENDIAN, 0.5f, 0.25f, 0.25f)));
        ClassPrototypes p = PublishedPrototypes.load(dir, key, 2, 1, 1);
        assertArrayEquals(new float[] {1, 2}, p.prototypes(Modality.TEXT)[1]);
        assertArrayEquals(new float[] {4}, p.prototypes(Modality.AUDIO)[2]);
        assertArrayEquals(new float[] {5}, p.prototypes(Modality.VISION)[2]);
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, p.priors());

        IOException size = assertThrows(IOException.class, () -> PublishedPrototypes.load(dir, key, 3, 1, 1));
        assertTrue(size.getMessage().contains("has 4 values") && size.getMessage().contains("= 5"), size.getMessage());

        Files.write(priors, NpyFilesTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
                NpyFilesTest.floats(ByteOrder.LITTLE_ENDIAN, 0.5f, 0.5f, 0.0f)));
        IOException zero = assertThrows(IOException.class, () -> PublishedPrototypes.load(dir, key, 2, 1, 1));
        assertTrue(zero.getMessage().contains(priors.toString()) && zero.getMessage().contains("class 2"), zero.getMessage());

        assertThrows(IllegalArgumentException.class,
                () -> new PublishedPrototypes.Key("mosi", "ood", SentimentTask.BINARY, DataSplit.TRAIN, true, true));
        assertThrows(IllegalArgumentException.class, () -> PublishedPrototypes.Key.train("iemocap", "iid", SentimentTask.BINARY, true));
    }
}
