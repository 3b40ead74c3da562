package dev.cider.repro;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.runtime.NumericsEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provenance diff: paths, values on each side, entries on one side only, list elements, and the kinds
 * (numerics environment entries among them).
 */
class ProvenanceDiffTest {

    @TempDir
    Path dir;

    private static ObjectProvenance synthetic(long seed) {
        return (ObjectProvenance) SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).seed(seed).sizes(6, 3, 3).build().getProvenance();
    }

    private static ListProvenance<StringProvenance> list(String... values) {
        return new ListProvenance<>(java.util.Arrays.stream(values).map(v -> new StringProvenance("item", v)).toList());
    }

    @Test
    void aChangedValueAndATimestamp() {
        assertTrue(ProvenanceDiff.between(synthetic(1), synthetic(1), Set.of()).stream().allMatch(ProvenanceDifference::isExpected));
        List<ProvenanceDifference> diff = ProvenanceDiff.between(synthetic(1), synthetic(2), Set.of());
        assertEquals(2, diff.size(), diff.toString());
        assertEquals(new ProvenanceDifference("seed", "1", "2", ProvenanceDifference.Kind.OTHER), diff.get(0));
        assertEquals("seed: 1 != 2", diff.get(0).describe());
        assertEquals("datasource-creation-time", diff.get(1).path());
        assertEquals(ProvenanceDifference.Kind.TIMESTAMP, diff.get(1).kind());
    }

    @Test
    void entriesOnOneSideListsHashesAndReproductionSettings() {
        DatasetProvenance data = new MutableDataset<>(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(6, 3, 3).build()).getProvenance();
        OffsetDateTime time = OffsetDateTime.now();
        String hashA = ProvenanceUtil.hashList(ProvenanceUtil.HashType.SHA256, List.of("a"));
        String hashB = ProvenanceUtil.hashList(ProvenanceUtil.HashType.SHA256, List.of("b"));
        String threads = NumericsEnvironment.PROVENANCE_PREFIX + "pytorch.intra-op-threads";
        Map<String, Provenance> runA = Map.of("note", new StringProvenance("note", "kept"), "steps", list("x", "y"),
                "sha256:file", new HashProvenance(ProvenanceUtil.HashType.SHA256, "sha256:file", hashA), threads, new StringProvenance(threads, "2"));
        Map<String, Provenance> runB = Map.of("steps", list("x", "y", "z"), "extra", new StringProvenance("extra", "new"),
                "sha256:file", new HashProvenance(ProvenanceUtil.HashType.SHA256, "sha256:file", hashB), threads, new StringProvenance(threads, "1"));
        ModelProvenance a = new ModelProvenance("m", time, data, ReproductionFixtures.tinyTrainer(1, 1).getProvenance(), runA);
        ModelProvenance b = new ModelProvenance("m", time, data,
                ReproductionFixtures.tinyTrainer(1, 1).toBuilder().checkpoints(dir, false, false).build().getProvenance(), runB);
        Map<String, ProvenanceDifference> byPath = new java.util.HashMap<>();
        for (ProvenanceDifference d : ProvenanceDiff.between(a, b, Set.of("trainer.checkpointDir"))) {
            byPath.put(d.path(), d);
        }
        assertEquals(Set.of("trainer.checkpointDir", "instance-values.note", "instance-values.steps[2]", "instance-values.extra",
                "instance-values.sha256:file", "instance-values." + threads), byPath.keySet());
        assertEquals(ProvenanceDifference.Kind.REPRODUCTION_SETTING, byPath.get("trainer.checkpointDir").kind());
        assertEquals(new ProvenanceDifference("instance-values.note", "kept", null, ProvenanceDifference.Kind.OTHER), byPath.get("instance-values.note"));
        assertEquals("instance-values.note: only in the saved model (kept)", byPath.get("instance-values.note").describe());
        assertEquals(new ProvenanceDifference("instance-values.steps[2]", null, "z", ProvenanceDifference.Kind.OTHER),
                byPath.get("instance-values.steps[2]"));
        assertEquals("instance-values.extra: only in the reproduction (new)", byPath.get("instance-values.extra").describe());
        assertEquals(new ProvenanceDifference("instance-values.sha256:file", hashA, hashB, ProvenanceDifference.Kind.DATA_HASH),
                byPath.get("instance-values.sha256:file"));
        assertEquals(new ProvenanceDifference("instance-values.numerics.pytorch.intra-op-threads", "2", "1",
                ProvenanceDifference.Kind.NUMERICS_ENVIRONMENT), byPath.get("instance-values." + threads));
        assertFalse(byPath.get("instance-values." + threads).isExpected(), "another thread count can explain another model");
    }
}
