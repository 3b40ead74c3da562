package dev.cider.data.source;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReassignedSourceTest {

    private static Path corpus(Path dir) throws IOException {
        Path csv = dir.resolve("corpus.csv");
        Files.writeString(csv, "id,text,label,mode\n"
                + "a,a good film,1.0,train\n"
                + "b,a bad film,-1.0,train\n"
                + "c,it was fine,0.0,dev\n"
                + "d,really great,2.0,test\n"
                + "e,really awful,-2.0,test\n");
        return csv;
    }

    private static List<String> ids(ReassignedSource s) {
        return s.examples().stream().map(MultimodalExample::getId).collect(Collectors.toList());
    }

    @Test
    void repartitionsEveryUtteranceByItsAssignment(@TempDir Path dir) throws IOException {
        CsvTextSource inner = new CsvTextSource(corpus(dir), DataSplit.TRAIN, SentimentTask.BINARY);
        Path assignments = dir.resolve("ood.csv");
        SplitAssignments.write(assignments, Map.of("a", DataSplit.TEST, "b", DataSplit.TRAIN, "c", DataSplit.TRAIN,
                "d", DataSplit.VALID, "e", DataSplit.TRAIN));
        ReassignedSource train = new ReassignedSource(inner, assignments, DataSplit.TRAIN);
        assertEquals(List.of("b", "c", "e"), ids(train));
        assertEquals(List.of("d"), ids((ReassignedSource) train.forSplit(DataSplit.VALID)));
        assertEquals(List.of("a"), ids((ReassignedSource) train.forSplit(DataSplit.TEST)));
        String prov = train.getProvenance().toString();
        assertTrue(prov.contains("sha256:assignments"), prov);
    }

    @Test
    void unassignedAndUnknownIdsAreNamed(@TempDir Path dir) throws IOException {
        CsvTextSource inner = new CsvTextSource(corpus(dir), DataSplit.TRAIN, SentimentTask.BINARY);
        Path partial = dir.resolve("partial.csv");
        Files.writeString(partial, "id,mode\na,train\nb,train\nc,dev\nd,test\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReassignedSource(inner, partial, DataSplit.TRAIN).examples());
        assertTrue(e.getMessage().contains("'e'") && e.getMessage().contains("not assigned"), e.getMessage());
        Path extra = dir.resolve("extra.csv");
        Files.writeString(extra, "id,mode\na,train\nb,train\nc,dev\nd,test\ne,test\nz,test\n");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new ReassignedSource(inner, extra, DataSplit.TRAIN).examples());
        assertTrue(e2.getMessage().contains("'z'") && e2.getMessage().contains("does not exist"), e2.getMessage());
    }
}
