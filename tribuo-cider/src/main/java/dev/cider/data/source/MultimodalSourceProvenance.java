package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceException;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.tribuo.provenance.DataSourceProvenance;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The provenance of a multimodal data source: every {@code @Config} field of the source (paths, generator
 * parameters, split, task, seed) plus instance values: the SHA-256 of every file read (keys starting with
 * {@value #FILE_HASH_PREFIX}), whether any modality was generated synthetically ({@value #SYNTHETIC_MODALITIES}),
 * the number of examples and the creation time.
 */
public final class MultimodalSourceProvenance extends SkeletalConfiguredObjectProvenance implements DataSourceProvenance {
    private static final long serialVersionUID = 1L;

    /** Prefix of the instance values holding a file's SHA-256. */
    public static final String FILE_HASH_PREFIX = "sha256:";
    /** Instance value naming which modalities were generated rather than read (or "none"). */
    public static final String SYNTHETIC_MODALITIES = "synthetic-modalities";
    /** Instance value holding the number of examples. */
    public static final String NUM_EXAMPLES = "num-examples";

    private final Map<String, PrimitiveProvenance<?>> instanceValues;

    /**
     * Creates the provenance of a live source.
     * @param host The source.
     * @param instanceValues Its instance values (file hashes, synthetic modalities, counts, creation time).
     */
    MultimodalSourceProvenance(AbstractMultimodalSource host, Map<String, PrimitiveProvenance<?>> instanceValues) {
        super(host, "DataSource");
        this.instanceValues = Collections.unmodifiableMap(new HashMap<>(instanceValues));
    }

    /**
     * Deserialization constructor.
     * @param map The provenance map.
     */
    public MultimodalSourceProvenance(Map<String, Provenance> map) {
        this(extract(map));
    }

    private MultimodalSourceProvenance(ExtractedInfo info) {
        super(info);
        this.instanceValues = Collections.unmodifiableMap(new HashMap<>(info.instanceValues));
    }

    private static ExtractedInfo extract(Map<String, Provenance> map) {
        Map<String, Provenance> configured = new HashMap<>(map);
        String className = ObjectProvenance.checkAndExtractProvenance(configured, CLASS_NAME, StringProvenance.class,
                MultimodalSourceProvenance.class.getSimpleName()).getValue();
        String hostShortName = ObjectProvenance.checkAndExtractProvenance(configured, HOST_SHORT_NAME, StringProvenance.class,
                MultimodalSourceProvenance.class.getSimpleName()).getValue();
        Map<String, PrimitiveProvenance<?>> instance = new HashMap<>();
        for (String key : Map.copyOf(configured).keySet()) {
            if (isInstanceKey(key)) {
                Provenance p = configured.remove(key);
                if (!(p instanceof PrimitiveProvenance)) {
                    throw new ProvenanceException("Instance value " + key + " is not primitive: " + p);
                }
                instance.put(key, (PrimitiveProvenance<?>) p);
            }
        }
        return new ExtractedInfo(className, hostShortName, configured, instance);
    }

    private static boolean isInstanceKey(String key) {
        return key.startsWith(FILE_HASH_PREFIX) || key.equals(SYNTHETIC_MODALITIES) || key.equals(NUM_EXAMPLES)
                || key.equals(DATASOURCE_CREATION_TIME);
    }

    @Override
    public Map<String, PrimitiveProvenance<?>> getInstanceValues() {
        Map<String, PrimitiveProvenance<?>> map = super.getInstanceValues();
        map.putAll(instanceValues);
        return map;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MultimodalSourceProvenance)) {
            return false;
        }
        MultimodalSourceProvenance that = (MultimodalSourceProvenance) o;
        return className.equals(that.className) && hostShortName.equals(that.hostShortName)
                && configuredParameters.equals(that.configuredParameters) && instanceValues.equals(that.instanceValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(className, hostShortName, configuredParameters, instanceValues);
    }

    @Override
    public String toString() {
        return generateString("DataSource");
    }
}
