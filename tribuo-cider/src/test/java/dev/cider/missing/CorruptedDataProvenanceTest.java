package dev.cider.missing;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.provenance.DataProvenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorruptedDataProvenanceTest {

    private static DataProvenance clean;

    @BeforeAll
    static void load() {
        SyntheticSource source = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY)
                .sizes(12, 6, 6).seed(3).build();
        clean = MultimodalSplits.load(source).provenance(DataSplit.TEST);
    }

    @Test
    void recordsPatternRateSeedAndTheCleanData() {
        CorruptedDataProvenance p = new CorruptedDataProvenance(clean, new Rmfm(), 0.3, 17L);
        assertEquals("RMFM", p.getPatternName());
        assertEquals(0.3, p.getRate());
        assertEquals(17L, p.getMaskSeed());
        assertEquals(clean, p.getSource());
        assertEquals(Rmfm.class.getName(), p.getClassName());
        assertNotEquals(p, new CorruptedDataProvenance(clean, new Rmfm(), 0.3, 18L));
        assertNotEquals(p, new CorruptedDataProvenance(clean, new Rmfm(), 0.4, 17L));
    }

    @Test
    void roundTripsThroughOlcutMarshallingAndJson() throws Exception {
        CorruptedDataProvenance p = new CorruptedDataProvenance(clean, new Smm(java.util.EnumSet.of(dev.cider.data.Modality.TEXT)), Double.NaN, 5L);
        ObjectProvenance back = ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(p));
        assertEquals(p, back);
        JsonProvenanceSerialization json = new JsonProvenanceSerialization(false);
        ObjectProvenance fromJson = json.deserializeAndUnmarshal(json.marshalAndSerialize(p));
        assertEquals(p, fromJson);
        assertTrue(Double.isNaN(((CorruptedDataProvenance) fromJson).getRate()));
        assertTrue(((CorruptedDataProvenance) fromJson).getPatternName().startsWith("SMM"));
    }
}
