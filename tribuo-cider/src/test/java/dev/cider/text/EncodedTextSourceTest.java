package dev.cider.text;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.data.DataSplit;
import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.source.CsvTextSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EncodedTextSource with the quantised MiniLM (loaded once): features attached to every split, the disk cache, and
 * the encoder's model hash in the provenance.
 */
class EncodedTextSourceTest {

    private static OnnxTextEncoder encoder;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 8, 1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private Path csv() throws IOException {
        Path csv = dir.resolve("tiny.csv");
        Files.writeString(csv, "id,text,label,mode\n"
                + "a,what a wonderful film,2.0,train\n"
                + "b,this was boring and far too long,-1.8,train\n"
                + "c,i liked the actors,1.2,train\n"
                + "d,the plot made no sense,-2.2,train\n"
                + "e,great fun,2.4,dev\n"
                + "f,awful,-2.6,test\n", StandardCharsets.UTF_8);
        return csv;
    }

    @Test
    void attachesTheEncodersFeaturesToEverySplit() throws IOException {
        CsvTextSource inner = CsvTextSource.builder(csv()).build();
        EncodedTextSource source = new EncodedTextSource(inner, encoder, null);
        List<MultimodalExample> train = source.examples();
        List<MultimodalExample> plain = inner.examples();
        assertEquals(plain.size(), train.size());
        for (int i = 0; i < train.size(); i++) {
            MultimodalExample e = train.get(i);
            assertEquals(plain.get(i).getId(), e.getId());
            assertEquals(plain.get(i).getScore(), e.getScore());
            assertArrayEquals(plain.get(i).getText().tokenIds(), e.getText().tokenIds());
            FeatureSequence f = e.getText().tokenFeatures().orElseThrow();
            assertEquals(384, f.dim());
            assertArrayEquals(encoder.encode(e.getText()).toArray(), f.toArray(), 1e-6f);
            assertTrue(e.pooledFeatureNames().contains("text.mean.0"), "pooled features become token feature summaries");
        }
        assertEquals(384, source.getLayout().textFeatureDim());
        MultimodalSource test = source.forSplit(DataSplit.TEST);
        assertEquals(DataSplit.TEST, test.getSplit());
        assertEquals("f", test.examples().get(0).getId());
        assertTrue(test.examples().get(0).getText().tokenFeatures().isPresent());
    }

    @Test
    void diskCacheIsReusedByAFreshSource() throws IOException {
        Path cacheDir = dir.resolve("cache");
        CsvTextSource inner = CsvTextSource.builder(csv()).build();
        EncodedTextSource first = new EncodedTextSource(inner, encoder, cacheDir);
        List<MultimodalExample> a = first.examples();
        assertEquals(4, first.cache().encodedCount());
        assertTrue(Files.isRegularFile(cacheDir.resolve(encoder.modelHash() + TokenFeatureCache.FILE_SUFFIX)));
        // The sibling split shares the cache: only its own new text is encoded.
        first.forSplit(DataSplit.VALID).examples();
        assertEquals(5, first.cache().encodedCount());

        EncodedTextSource second = new EncodedTextSource(CsvTextSource.builder(csv()).build(), encoder, cacheDir);
        List<MultimodalExample> b = second.examples();
        assertEquals(0, second.cache().encodedCount(), "a fresh source reads the features from disk");
        assertEquals(4, second.cache().hits());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).getText().tokenFeatures().orElseThrow().toArray(),
                    b.get(i).getText().tokenFeatures().orElseThrow().toArray());
        }
    }

    @Test
    void provenanceRecordsTheInnerSourceAndTheEncoderHash() throws IOException {
        EncodedTextSource source = new EncodedTextSource(CsvTextSource.builder(csv()).build(), encoder, null);
        String prov = ProvenanceUtil.formattedProvenanceString(source.getProvenance());
        assertTrue(prov.contains(encoder.modelHash()), prov);
        assertTrue(prov.contains("CsvTextSource"), prov);
        assertTrue(prov.contains("tiny.csv"), prov);
    }
}
