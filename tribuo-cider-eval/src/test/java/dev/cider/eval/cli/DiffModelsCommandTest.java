package dev.cider.eval.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cider diff-models on trainings of a tiny corpus: the same training twice (identical), one on another draw of the corpus,
 * and one on a corpus of other dimensions (refused).
 */
class DiffModelsCommandTest {

    private static final List<String> DATA = List.of("--synthetic", "mosi-aligned", "--train-size", "40", "--valid-size", "16", "--test-size", "20");

    private record Run(int code, String out, String err) {
    }

    private static Run run(List<String> command, List<String> extra) {
        List<String> args = new ArrayList<>(command);
        args.addAll(extra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CiderMain.run(args.toArray(new String[0]), new PrintStream(out), new PrintStream(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static Path train(Path dir, String name, String corpusSeed) {
        Path model = dir.resolve(name);
        List<String> data = new ArrayList<>(DATA);
        data.addAll(List.of("--seed", corpusSeed));
        Run r = run(List.of("train", "--epochs", "1", "--output", model.toString()), data);
        assertEquals(0, r.code(), r.err());
        return model;
    }

    @Test
    void reportsIdentityParameterDifferencesAndPredictionAgreement(@TempDir Path dir) {
        Path a = train(dir, "a.tribuo", "42");
        Path b = train(dir, "b.tribuo", "42");
        Path c = train(dir, "c.tribuo", "43");

        Run same = run(List.of("diff-models", "--model", a.toString(), "--other", b.toString()), DATA);
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("bit-identical: yes; 0 values differ"), same.out());
        assertTrue(same.out().contains("Numerics environments (model | other): the same"), same.out());
        assertTrue(same.out().contains("agreement 100.0% (0 differ)"), same.out());

        Run other = run(List.of("diff-models", "--model", a.toString(), "--other", c.toString()), List.of());
        assertEquals(0, other.code(), other.err());
        assertTrue(other.out().contains("bit-identical: no"), other.out());
        assertTrue(other.out().contains("max |difference|"), other.out());
        assertTrue(other.out().matches("(?s).*\n  \\S+: max \\|difference\\| \\S+ \\([0-9,]+ of [0-9,]+ values differ\\)\n.*"),
                "the groups that differ most are listed: " + other.out());
        assertTrue(!other.out().contains("Predictions on"), "no corpus, no predictions: " + other.out());
    }

    @Test
    void modelsOfDifferentArchitecturesAreRefused(@TempDir Path dir) {
        Path a = train(dir, "a.tribuo", "42");
        Path mosei = dir.resolve("mosei.tribuo");
        Run trained = run(List.of("train", "--epochs", "1", "--output", mosei.toString(), "--synthetic", "mosei-aligned", "--train-size", "40",
                "--valid-size", "16", "--test-size", "20"), List.of());
        assertEquals(0, trained.code(), trained.err());
        Run r = run(List.of("diff-models", "--model", a.toString(), "--other", mosei.toString()), List.of());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("different architectures"), r.err());
    }

    @Test
    void needsBothModels(@TempDir Path dir) {
        Run r = run(List.of("diff-models", "--model", dir.resolve("none.tribuo").toString()), List.of());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--other"), r.err());
    }
}
