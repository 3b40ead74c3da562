package dev.cider.eval.cli;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataInfoCommandTest {

    /** Output and exit code of one command line. */
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** The count printed for a class in a split's section. */
    private static int printedCount(String out, String split, String className) {
        int start = out.indexOf("== " + split + ":");
        int end = out.indexOf("== ", start + 3);
        String section = end < 0 ? out.substring(start) : out.substring(start, end);
        Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(className) + "\\s+(\\d+)\\s+[0-9.]+%$").matcher(section);
        assertTrue(m.find(), "a line for class " + className + " in\n" + section);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void summarisesASmallSyntheticPreset() {
        CliRun r = run("data-info", "--synthetic", "mosi-aligned", "--train-size", "40", "--valid-size", "12", "--test-size", "20", "--seed", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("== train: 40 utterances =="), r.out());
        assertTrue(r.out().contains("== valid: 12 utterances =="), r.out());
        assertTrue(r.out().contains("== test: 20 utterances =="), r.out());
        assertTrue(r.out().contains("Splits: train 40 valid 12 test 20"), r.out());
        assertTrue(r.out().contains("layout: text 50 (ids), audio 50x5, vision 50x20, aligned"), r.out());
        assertTrue(r.out().contains("synthetic modalities: text,audio,vision"), r.out());
        // The printed class counts are those of the examples the same configuration generates.
        SyntheticSource source = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(40, 12, 20).seed(5).build();
        for (DataSplit split : DataSplit.values()) {
            List<MultimodalExample> examples = source.forSplit(split).examples();
            int total = 0;
            for (String c : SentimentTask.BINARY.classNames()) {
                long expected = examples.stream().filter(e -> e.getOutput().getLabel().equals(c)).count();
                assertEquals(expected, printedCount(r.out(), split.canonicalName(), c), split + " " + c);
                total += (int) expected;
            }
            assertEquals(examples.size(), total);
        }
    }

    @Test
    void countsSevenClassesAndReportsUnalignedLengths() {
        CliRun r = run("data-info", "--synthetic", "mosi-unaligned", "--task", "seven", "--train-size", "30", "--valid-size", "5", "--test-size", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layout: text 50 (ids), audio 375x5, vision 500x20, unaligned"), r.out());
        List<MultimodalExample> train = SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).sizes(30, 5, 5).build().examples();
        int total = 0;
        for (int c = 0; c < 7; c++) {
            int k = c;
            long expected = train.stream().filter(e -> SentimentTask.SEVEN.classIndex(e.getScore()) == k).count();
            assertEquals(expected, printedCount(r.out(), "train", SentimentTask.SEVEN.classNames().get(c)));
            total += (int) expected;
        }
        assertEquals(30, total);
        int maxAudio = train.stream().mapToInt(e -> e.getAudio().length()).max().orElseThrow();
        Matcher m = Pattern.compile("(?m)^  audio\\s+(\\d+)\\s+([0-9.]+)\\s+(\\d+)\\s+375\\s+5$").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(maxAudio, Integer.parseInt(m.group(3)));
    }

    @Test
    void loadsASourceFromAConfigurationFile() {
        Path config = null;
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null && config == null; dir = dir.getParent()) {
            Path c = dir.resolve("configs/data/synthetic-mosi.xml");
            config = Files.isRegularFile(c) ? c : null;
        }
        assertTrue(config != null, "configs/data/synthetic-mosi.xml is in the repository");
        CliRun r = run("data-info", "-c", config.toString(), "--source", "synthetic-mosi",
                "--@synthetic-mosi.trainSize", "25", "--@synthetic-mosi.validSize", "4", "--@synthetic-mosi.testSize", "9");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Splits: train 25 valid 4 test 9"), r.out());
        assertTrue(r.out().contains("audio 375x5"), r.out());
    }

    @Test
    void explainsBadInvocations() {
        CliRun none = run("data-info");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("--synthetic"), none.err());
        CliRun badPreset = run("data-info", "--synthetic", "mosi-sideways");
        assertEquals(1, badPreset.code());
        assertTrue(badPreset.err().contains("mosi-sideways") && badPreset.err().contains("mosei-unaligned"), badPreset.err());
        CliRun badSize = run("data-info", "--synthetic", "mosi-aligned", "--train-size", "0");
        assertEquals(1, badSize.code());
        assertTrue(badSize.err().contains("trainSize"), badSize.err());
        CliRun missing = run("data-info", "--source", "nowhere");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nowhere"), missing.err());
        CliRun both = run("data-info", "--synthetic", "mosi-aligned", "--source", "x");
        assertEquals(1, both.code());
    }

    @Test
    void warnsAboutTheMemoryOfLargePresets() {
        // Tiny splits: no warning. The estimate line is always printed for synthetic corpora.
        CliRun small = run("data-info", "--synthetic", "mosei-unaligned", "--train-size", "3", "--valid-size", "2", "--test-size", "2");
        assertEquals(0, small.code(), small.err());
        assertTrue(small.out().contains("Memory: holding all three splits needs about"), small.out());
        assertTrue(!small.out().contains("Warning"), small.out());
        assertTrue(small.out().contains("layout: text 50 (ids), audio 500x74, vision 500x35, unaligned"), small.out());
        // The full MOSEI-unaligned corpus (about 2 GB) against a 3 GB heap: a warning with a suggested heap size.
        long full = SyntheticSource.moseiUnaligned(DataSplit.TRAIN, SentimentTask.BINARY, 1).estimatedCorpusBytes();
        List<String> lines = DataInfoCommand.memoryReport(full, 3L << 30);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("GB"), lines.get(0));
        assertTrue(lines.get(1).startsWith("Warning") && lines.get(1).contains("-Xmx"), lines.get(1));
        assertEquals(1, DataInfoCommand.memoryReport(full, 64L << 30).size());
    }

    @Test
    void summarisesACsvCorpusAndRefusesAMissingFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path csv = dir.resolve("c.csv");
        java.nio.file.Files.writeString(csv, "id,text,label,mode\na,a good film,1.0,train\nb,a bad film,-1.0,train\n"
                + "c,fine,0.0,dev\nd,great,2.0,test\n");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = CiderMain.run(new String[] {"data-info", "--csv", csv.toString()}, new java.io.PrintStream(bytes), new java.io.PrintStream(err));
        assertEquals(0, code, err.toString());
        assertTrue(bytes.toString().contains("Splits: train 2 valid 1 test 1"), bytes.toString());
        // a text CSV has no audio or vision: every utterance counts as without them
        assertTrue(bytes.toString().contains("== train: 2 utterances ==") && bytes.toString().contains(
                "absent (no non-zero frame, including all non-finite in a pickle): audio 2, vision 2 utterances"), bytes.toString());
        int missing = CiderMain.run(new String[] {"data-info", "--csv", dir.resolve("none.csv").toString()},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err));
        assertEquals(1, missing);
        assertTrue(err.toString().contains("no file at"), err.toString());
    }
}
