package dev.cider.repro;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSource;
import dev.cider.data.source.ReassignedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changed data files found by comparing the recorded provenance of a source with that of the same source now, also
 * inside a wrapper.
 */
class DataFileCheckTest {

    @TempDir
    Path dir;

    private static ObjectProvenance provenanceOf(Path csv, Path assignments) {
        MultimodalSource csvSource = ReproductionFixtures.csvSource(csv);
        return (ObjectProvenance) new ReassignedSource(csvSource, assignments, DataSplit.TRAIN).getProvenance();
    }

    private static String sha256(Path p) {
        return ProvenanceUtil.hashResource(ProvenanceUtil.HashType.SHA256, p);
    }

    @Test
    void namesTheChangedFileOfAWrappedSourceWithBothHashes() throws Exception {
        Path csv = ReproductionFixtures.writeCsv(dir.resolve("corpus.csv"));
        StringBuilder sb = new StringBuilder("id,mode\n");
        for (int i = 0; i < 60; i++) {
            sb.append('u').append(i).append(',').append(i % 4 == 0 ? "test" : i % 4 == 1 ? "valid" : "train").append('\n');
        }
        Path assignments = Files.writeString(dir.resolve("assign.csv"), sb.toString(), StandardCharsets.UTF_8);
        ObjectProvenance recorded = provenanceOf(csv, assignments);
        assertTrue(DataFileCheck.changes(recorded, provenanceOf(csv, assignments)).isEmpty());

        String before = sha256(csv);
        Files.writeString(csv, Files.readString(csv).replace("u7,", "u7,changed "), StandardCharsets.UTF_8);
        List<DataFileChange> changes = DataFileCheck.changes(recorded, provenanceOf(csv, assignments));
        assertEquals(List.of(new DataFileChange(csv.toAbsolutePath().toString(), before, sha256(csv), "source.sha256:csv")), changes);
    }
}
