package dev.cider.eval.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OodSplitCommandTest {

    /** Output and exit code of one command line. */
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** A label CSV: 200 training-side utterances (40 of them dev) and 60 test ones, a tenth of each neutral. */
    private static Path corpus(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("id,text,label,mode\n");
        for (int i = 0; i < 260; i++) {
            double score = i % 10 == 0 ? 0.0 : (i % 3 == 0 ? -1.5 : 1.5);
            String mode = i >= 200 ? "test" : (i % 5 == 1 ? "dev" : "train");
            csv.append("u").append(i).append(',').append(i % 2 == 0 ? "the film was long" : "a scene of the film").append(',')
                    .append(score).append(',').append(mode).append('\n');
        }
        Path file = dir.resolve("label.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void printsEachSplitsLabelDistribution(@TempDir Path dir) throws IOException {
        Path output = dir.resolve("ood.csv");
        CliRun r = run("ood-split", "--csv", corpus(dir).toString(), "--output", output.toString(), "--min-count", "0", "--iterations", "2000");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(output));
        assertTrue(r.out().contains("Label distribution (class fraction difference against train, bound 0.150)"), r.out());
        for (String split : new String[]{"train", "valid", "test"}) {
            assertTrue(r.out().matches("(?s).*\\n  OOD +" + split + " +n=\\d+ +negative \\d+ \\(0\\.\\d{3}\\) neutral \\d+ \\(0\\.\\d{3}\\) positive \\d+ \\(0\\.\\d{3}\\).*"),
                    split + " in\n" + r.out());
        }
        assertTrue(r.out().contains("  OOD      test  n=60"), r.out());
    }

    @Test
    void refusesAnImpossibleBoundAndWritesNothing(@TempDir Path dir) throws IOException {
        Path output = dir.resolve("ood.csv");
        CliRun r = run("ood-split", "--csv", corpus(dir).toString(), "--output", output.toString(), "--min-count", "0",
                "--iterations", "100", "--max-label-shift", "0.005");
        assertNotEquals(0, r.code(), r.out());
        assertTrue(r.err().contains("maxLabelShift") && r.err().contains("impossible"), r.err());
        assertFalse(Files.exists(output), "nothing is written on refusal");
    }
}
