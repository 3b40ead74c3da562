package dev.cider.repro;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.MmsaPickleSource;
import dev.cider.data.source.ReassignedSource;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.text.EncodedTextSource;
import dev.cider.text.MiniLmModel;
import dev.cider.text.OnnxTextEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of data source is rebuilt from its provenance alone (OLCUT configuration extraction) into a source with
 * the same examples and the same provenance apart from timestamps; overrides reach wrapped sources; what cannot be
 * rebuilt is named.
 */
class SourceRebuildTest {

    @TempDir
    Path dir;

    private static MultimodalSource rebuild(ComponentRebuilder rebuilder, MultimodalSource source, List<SettingOverride> overrides) {
        return rebuilder.rebuild("the training data source", source.getProvenance(), MultimodalSource.class, overrides, Set.of());
    }

    private static void assertSameSource(MultimodalSource original, MultimodalSource rebuilt) {
        assertNotSame(original, rebuilt);
        assertEquals(original.getClass(), rebuilt.getClass());
        assertEquals(original.getSplit(), rebuilt.getSplit());
        List<MultimodalExample> a = original.examples();
        List<MultimodalExample> b = rebuilt.examples();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).getId(), b.get(i).getId());
            assertEquals(a.get(i).getScore(), b.get(i).getScore());
            assertEquals(a.get(i).getText(), b.get(i).getText(), a.get(i).getId());
            assertEquals(a.get(i).getAudio(), b.get(i).getAudio(), a.get(i).getId());
            assertEquals(a.get(i).getVision(), b.get(i).getVision(), a.get(i).getId());
        }
        for (ProvenanceDifference d : ProvenanceDiff.between((ObjectProvenance) original.getProvenance(),
                (ObjectProvenance) rebuilt.getProvenance(), Set.of())) {
            assertEquals(ProvenanceDifference.Kind.TIMESTAMP, d.kind(), d.describe());
        }
    }

    private Path assignments(MultimodalSource source) throws Exception {
        StringBuilder sb = new StringBuilder("id,mode\n");
        int i = 0;
        for (DataSplit s : DataSplit.values()) {
            for (MultimodalExample ex : source.forSplit(s).examples()) {
                sb.append(ex.getId()).append(',').append(i++ % 3 == 0 ? "test" : "train").append('\n');
            }
        }
        return Files.writeString(dir.resolve("assignments.csv"), sb.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void syntheticSource() {
        SyntheticSource source = SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).task(SentimentTask.SEVEN).seed(9)
                .sizes(12, 6, 6).oodTest(true).split(DataSplit.TEST).build();
        try (ComponentRebuilder rebuilder = new ComponentRebuilder()) {
            assertSameSource(source, rebuild(rebuilder, source, List.of()));
        }
    }

    @Test
    void csvSourceAndReassignedSource() throws Exception {
        MultimodalSource csv = ReproductionFixtures.csvSource(ReproductionFixtures.writeCsv(dir.resolve("corpus.csv")));
        ReassignedSource reassigned = new ReassignedSource(csv, assignments(csv), DataSplit.TEST);
        try (ComponentRebuilder rebuilder = new ComponentRebuilder()) {
            assertSameSource(csv, rebuild(rebuilder, csv, List.of()));
            assertSameSource(reassigned, rebuild(rebuilder, reassigned, List.of()));
        }
    }

    @Test
    void mmsaPickleSource() throws Exception {
        Path pickle = Path.of(SourceRebuildTest.class.getResource("/mmsa/aligned_p4_f32.pkl").toURI());
        MmsaPickleSource source = new MmsaPickleSource(pickle, DataSplit.VALID, SentimentTask.BINARY, true, 0);
        try (ComponentRebuilder rebuilder = new ComponentRebuilder()) {
            assertSameSource(source, rebuild(rebuilder, source, List.of()));
        }
    }

    @Test
    void encodedTextSourceRebuildsItsEncoderAndClosesIt() {
        SyntheticSource inner = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).seed(2).sizes(6, 3, 3).build();
        try (OnnxTextEncoder encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 8, 1)) {
            EncodedTextSource source = new EncodedTextSource(inner, encoder, null);
            EncodedTextSource rebuilt;
            try (ComponentRebuilder rebuilder = new ComponentRebuilder()) {
                rebuilt = (EncodedTextSource) rebuild(rebuilder, source, List.of());
                assertNotSame(encoder, rebuilt.encoder());
                assertEquals(encoder.modelHash(), rebuilt.encoder().modelHash());
                assertSameSource(source, rebuilt);
            }
            assertThrows(IllegalStateException.class, () -> rebuilt.encoder().encode(inner.examples().get(0).getText()),
                    "the rebuilt encoder is closed with the rebuilder");
        }
    }

    @Test
    void anEncodedSourceRecordedUnderItsOldPackageIsRebuilt() throws Exception {
        SyntheticSource inner = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).seed(2).sizes(6, 3, 3).build();
        try (OnnxTextEncoder encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 8, 1)) {
            EncodedTextSource source = new EncodedTextSource(inner, encoder, null);
            // the provenance as a model file written before the class moved to dev.cider.text records it
            JsonProvenanceSerialization json = new JsonProvenanceSerialization(false);
            String current = json.serializeToString(ProvenanceUtil.marshalProvenance((ObjectProvenance) source.getProvenance()));
            String recorded = current.replace("dev.cider.text.EncodedTextSource", "dev.cider.data.source.EncodedTextSource");
            assertNotEquals(current, recorded);
            ObjectProvenance old = ProvenanceUtil.unmarshalProvenance(json.deserializeFromString(recorded));
            assertEquals("dev.cider.data.source.EncodedTextSource", old.getClassName());
            try (ComponentRebuilder rebuilder = new ComponentRebuilder()) {
                MultimodalSource rebuilt = rebuilder.rebuild("the training data source", old, MultimodalSource.class, List.of(), Set.of());
                assertSameSource(source, rebuilt);
            }
        }
    }

    @Test
    void anOverrideReachesTheWrappedSourceOfAMovedFile() throws Exception {
        Path csvFile = ReproductionFixtures.writeCsv(dir.resolve("corpus.csv"));
        MultimodalSource csv = ReproductionFixtures.csvSource(csvFile);
        ReassignedSource reassigned = new ReassignedSource(csv, assignments(csv), DataSplit.TRAIN);
        reassigned.getProvenance();
        Path moved = Files.move(csvFile, dir.resolve("moved.csv"));
        try (ComponentRebuilder rebuilder = new ComponentRebuilder()) {
            MultimodalSource rebuilt = rebuild(rebuilder, reassigned, List.of(SettingOverride.parse("data.source.path=" + moved)));
            assertEquals(reassigned.examples().size(), rebuilt.examples().size());
            assertEquals(reassigned.examples().get(0).getText(), rebuilt.examples().get(0).getText());
            List<ProvenanceDifference> other = ProvenanceDiff.between((ObjectProvenance) reassigned.getProvenance(),
                    (ObjectProvenance) rebuilt.getProvenance(), Set.of()).stream().filter(d -> !d.isExpected()).toList();
            assertEquals(List.of(new ProvenanceDifference("source.path", csvFile.toString(), moved.toString(), ProvenanceDifference.Kind.OTHER)),
                    other);
        }
    }

    @Test
    void badOverridesAreNamed() {
        SyntheticSource source = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(6, 3, 3).build();
        try (ComponentRebuilder rebuilder = new ComponentRebuilder()) {
            ReproductionException unknown = assertThrows(ReproductionException.class,
                    () -> rebuild(rebuilder, source, List.of(SettingOverride.parse("data.seeed=3"))));
            assertTrue(unknown.getMessage().startsWith("Setting override data.seeed=3: SyntheticSource has no configurable field 'seeed';"
                    + " its fields are ["), unknown.getMessage());
            assertTrue(unknown.getMessage().contains("seed"), unknown.getMessage());
            ReproductionException notComponent = assertThrows(ReproductionException.class,
                    () -> rebuild(rebuilder, source, List.of(SettingOverride.parse("data.seed.value=3"))));
            assertEquals("Setting override data.seed.value=3: 'seed' of SyntheticSource is not a recorded component", notComponent.getMessage());
        }
    }
}
