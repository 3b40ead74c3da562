package dev.cider.eval.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cider.data.DataSplit;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.CsvTextSource;
import dev.cider.data.source.MultimodalSourceProvenance;
import dev.cider.eval.compare.CrossDataset;
import dev.cider.eval.compare.LocalTrialEngine;
import dev.cider.eval.report.JsonResultsReader;
import dev.cider.eval.report.ReportedComparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsReproductionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * A multi-seed comparison with a one-epoch CIDer, rerun from its results.json alone, gives every number and
     * verdict again, whether the rerun's trials run in this process or side by side in child JVMs.
     */
    @Test
    void rerunningFromResultsJsonReproducesEveryNumberInProcessAndInChildProcesses(@TempDir Path dir) throws Exception {
        Path results = SmallExperiments.runAndWrite(SmallExperiments.tinyCider(), dir);
        ReportedComparison recorded = JsonResultsReader.read(results);
        assertEquals(2 * 2 * 2 + 2 * 2, recorded.runs().size(), "two systems, two training seeds, two mask seeds; two reference lines");

        List<String> lines = new ArrayList<>();
        ResultsReproductionReport inProcess = new ResultsReproduction(new LocalTrialEngine(1), lines::add).reproduce(results, List.of("test"));
        assertTrue(inProcess.identical(), inProcess.render());
        assertTrue(inProcess.diff().numbersCompared() > 500, "every estimate, pair and run value: " + inProcess.diff().numbersCompared());
        assertEquals(recorded.pairs().size(), inProcess.diff().verdicts().size());
        assertTrue(inProcess.dataFiles().files().isEmpty(), "generated data reads no files");
        assertTrue(inProcess.render().startsWith("Reproducing " + results + ": IDENTICAL\n"), inProcess.render());
        assertTrue(lines.stream().anyMatch(l -> l.contains("6 trials (2 training seeds [1, 2]), one at a time")), String.join("\n", lines));

        List<String> forkedLines = new ArrayList<>();
        ResultsReproductionReport forked = new ResultsReproduction(new LocalTrialEngine(2), forkedLines::add).reproduce(results, List.of("test"));
        assertTrue(forkedLines.stream().anyMatch(l -> l.contains("each in its own process")), String.join("\n", forkedLines));
        assertTrue(forked.identical(), forked.render());
        assertEquals(inProcess.diff().numbersCompared(), forked.diff().numbersCompared());

        Path out = dir.resolve("reproduction").resolve("diff.json");
        forked.writeJson(out);
        ObjectNode json = (ObjectNode) MAPPER.readTree(out.toFile());
        assertEquals(ResultsReproductionReport.FORMAT, json.get("format").asText());
        assertTrue(json.get("identical").asBoolean());
        assertEquals(forked.diff().numbersCompared(), json.get("diff").get("numbersCompared").asInt());
        assertEquals(recorded.pairs().size(), json.get("diff").get("verdicts").size());
    }

    /**
     * The CSV a comparison read is hashed into its results; a rerun after the file changed names the file (and still
     * runs), and a rerun after it was deleted stops with an error naming it.
     */
    @Test
    void aChangedOrMissingDataFileIsNamed(@TempDir Path dir) throws Exception {
        Path csv = SmallExperiments.writeCsv(dir);
        Path results = SmallExperiments.runAndWrite(SmallExperiments.csv(csv), dir);
        ResultsReproduction reproduction = new ResultsReproduction(new LocalTrialEngine(1), line -> { });

        ResultsReproductionReport same = reproduction.reproduce(results, List.of());
        assertTrue(same.identical(), same.render());
        assertEquals(1, same.dataFiles().files().size(), same.dataFiles().toString());
        DataFile file = same.dataFiles().files().get(0);
        assertEquals("data (IID)", file.source());
        assertEquals("csv", file.file());
        assertEquals(DataFile.Status.UNCHANGED, file.status());
        assertTrue(same.render().contains("Data files: 1 recorded with their SHA-256, all unchanged."), same.render());

        // every test utterance's label flips sign: the file changes and so do the numbers
        String flipped = Files.readString(csv).lines().map(l -> l.endsWith(",test") ? l.replace(",1.5,", ",-9.0,").replace(",-2.0,", ",1.5,")
                .replace(",-9.0,", ",-2.0,") : l).reduce("", (a, b) -> a + b + "\n");
        Files.writeString(csv, flipped);
        ResultsReproductionReport changed = reproduction.reproduce(results, List.of());
        assertFalse(changed.identical());
        assertEquals(DataFile.Status.CHANGED, changed.dataFiles().files().get(0).status());
        assertFalse(changed.diff().identical(), "the flipped test labels change the numbers");
        String text = changed.render();
        assertTrue(text.contains("data (IID), CsvTextSource file 'csv' [path=" + csv + "]: CHANGED (recorded SHA-256 "), text);
        assertTrue(text.contains("1 not as recorded"), text);
        assertTrue(changed.summary().startsWith("Reproducing " + results + ": NOT IDENTICAL ("), changed.summary());
        assertTrue(changed.summary().endsWith(", 1 data file not as recorded)"), changed.summary());
        String recordedHash = MAPPER.readTree(results.toFile()).get("experimentProvenance").toString();
        assertTrue(recordedHash.contains(MultimodalSourceProvenance.FILE_HASH_PREFIX + "csv"), "the hash is in the results file");
        assertTrue(recordedHash.contains(changed.dataFiles().files().get(0).recorded()), "the recorded hash is the one in the file");

        Files.delete(csv);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> reproduction.reproduce(results, List.of()));
        assertTrue(missing.getMessage().contains("1 recorded data file is missing"), missing.getMessage());
        assertTrue(missing.getMessage().contains("data (IID), CsvTextSource file 'csv': MISSING"), missing.getMessage());
        assertTrue(missing.getMessage().contains(csv.toString()), missing.getMessage());
    }

    /** The files of the named cross-dataset corpora are hashed and checked like the training corpus's. */
    @Test
    void aChangedCrossDatasetFileIsNamed(@TempDir Path dir) throws Exception {
        Path csv = SmallExperiments.writeCsv(dir);
        Path other = Files.writeString(dir.resolve("other.csv"), Files.readString(csv).replace("great", "fine"));
        CsvTextSource otherSource = new CsvTextSource(other, DataSplit.TRAIN, SentimentTask.BINARY, CsvTextSource.AudioVisionMode.SYNTHETIC, 4L);
        Path results = SmallExperiments.runAndWrite(SmallExperiments.csv(csv).withCrossDatasets(List.of(new CrossDataset("other corpus", otherSource))), dir);
        ResultsReproduction reproduction = new ResultsReproduction(new LocalTrialEngine(1), line -> { });

        ResultsReproductionReport same = reproduction.reproduce(results, List.of());
        assertTrue(same.identical(), same.render());
        assertEquals(2, same.dataFiles().files().size(), same.dataFiles().toString());
        assertEquals("crossDatasets (other corpus)[0].data", same.dataFiles().files().get(1).source());

        Files.writeString(other, Files.readString(other).replace("fine", "superb"));
        ResultsReproductionReport changed = reproduction.reproduce(results, List.of());
        assertEquals(DataFile.Status.UNCHANGED, changed.dataFiles().files().get(0).status());
        assertEquals(DataFile.Status.CHANGED, changed.dataFiles().files().get(1).status());
        assertTrue(changed.render().contains("crossDatasets (other corpus)[0].data, CsvTextSource file 'csv' [path=" + other + "]: CHANGED"),
                changed.render());
    }

    @Test
    void resultsWithoutExperimentProvenanceOrOfVersionOneAreRefusedClearly(@TempDir Path dir) throws Exception {
        Path results = SmallExperiments.runAndWrite(SmallExperiments.baselines(List.of(1L), List.of(0L)), dir);
        ResultsReproduction reproduction = new ResultsReproduction(new LocalTrialEngine(1), line -> { });

        ObjectNode root = (ObjectNode) MAPPER.readTree(results.toFile());
        root.remove("experimentProvenance");
        Path without = Files.writeString(dir.resolve("without.json"), MAPPER.writeValueAsString(root));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reproduction.reproduce(without, List.of()));
        assertTrue(e.getMessage().startsWith(without + " records no experiment provenance"), e.getMessage());

        root.put("formatVersion", 1);
        Path old = Files.writeString(dir.resolve("old.json"), MAPPER.writeValueAsString(root));
        e = assertThrows(IllegalArgumentException.class, () -> reproduction.reproduce(old, List.of()));
        assertTrue(e.getMessage().contains(old + " has format version 1"), e.getMessage());
    }

    @Test
    void rebuildsTheRecordedExperiment(@TempDir Path dir) throws Exception {
        Path results = SmallExperiments.runAndWrite(SmallExperiments.baselines(List.of(4L, 5L), List.of(0L, 1L)), dir);
        RebuiltExperiment rebuilt = ExperimentRebuilder.rebuild(JsonResultsReader.read(results), results.toString());
        assertEquals(List.of(4L, 5L), rebuilt.experiment().trainingSeeds());
        assertEquals(List.of(0L, 1L), rebuilt.experiment().maskSeeds());
        assertEquals(7L, rebuilt.experiment().bootstrapSeed());
        assertEquals(List.of("LR", "SVM", "majority class", "lengths only"), rebuilt.experiment().systems().stream().map(s -> s.name()).toList());
        assertEquals("OOD", rebuilt.experiment().oodDataName());
        assertTrue(rebuilt.experiment().oodData() != null);
    }
}
