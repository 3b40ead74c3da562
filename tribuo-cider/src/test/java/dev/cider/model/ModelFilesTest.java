package dev.cider.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFilesTest {

    private static Path savedModel(Path dir) throws IOException {
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("test", new LabelFactory()), new LabelFactory());
        for (String label : new String[] {"positive", "negative", "positive"}) {
            ArrayExample<Label> ex = new ArrayExample<>(new Label(label));
            ex.add("audio.mean.0", label.length());
            d.add(ex);
        }
        Model<Label> m = DummyClassifierTrainer.createMostFrequentTrainer().train(d);
        Path file = dir.resolve("model.tribuo");
        m.serializeToFile(file);
        return file;
    }

    @Test
    void readsASavedModel(@TempDir Path dir) throws IOException {
        Model<Label> m = ModelFiles.readClassifier(savedModel(dir));
        assertEquals(1, m.getFeatureIDMap().size());
    }

    @Test
    void anEmptyFileIsCalledEmpty(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.tribuo"));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.read(empty));
        assertTrue(e.getMessage().contains(empty.toAbsolutePath() + " is empty (0 bytes), not a Tribuo model file"), e.getMessage());
        assertTrue(!e.getMessage().contains("Failed to find class"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsNotAModelFile(@TempDir Path dir) throws IOException {
        Path saved = savedModel(dir);
        byte[] bytes = Files.readAllBytes(saved);
        for (int length : new int[] {1, 7, bytes.length / 2, bytes.length - 1}) {
            Path cut = Files.write(dir.resolve("cut" + length + ".tribuo"), Arrays.copyOf(bytes, length));
            IOException e = assertThrows(IOException.class, () -> ModelFiles.read(cut), "length " + length);
            assertTrue(e.getMessage().startsWith("Model file " + cut.toAbsolutePath() + " (" + length + " bytes)"), e.getMessage());
            assertTrue(e.getMessage().contains("not a Tribuo model file") || e.getMessage().contains("cannot be read"), e.getMessage());
            assertTrue(!e.getMessage().matches("(?s).*Failed to find class\\s*$"), e.getMessage());
        }
    }

    @Test
    void otherFilesAreNamed(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a model");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.read(text));
        assertTrue(e.getMessage().contains(text.toAbsolutePath() + " (11 bytes) is not a Tribuo model file"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> ModelFiles.read(dir.resolve("none")));
        assertTrue(missing.getMessage().startsWith("No model file at "), missing.getMessage());
        IOException directory = assertThrows(IOException.class, () -> ModelFiles.read(dir));
        assertTrue(directory.getMessage().contains("is a directory"), directory.getMessage());
    }
}
