package dev.cider.text;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The provenance of a configurable {@link TextEncoder}: its {@code @Config} fields plus two instance values, the
 * SHA-256 of the model bytes ({@value #MODEL_HASH}) and the feature dimension ({@value #OUTPUT_DIM}).
 */
public final class TextEncoderProvenance extends SkeletalConfiguredObjectProvenance {
    private static final long serialVersionUID = 1L;

    /** Instance value: SHA-256 of the model bytes. */
    public static final String MODEL_HASH = "model-hash";
    /** Instance value: the token feature dimension. */
    public static final String OUTPUT_DIM = "output-dim";

    private static final String HOST_TYPE = "TextEncoder";

    private final HashProvenance modelHash;
    private final IntProvenance outputDim;

    /**
     * Creates the provenance of a live encoder.
     * @param host The encoder.
     * @param <T> Its type.
     */
    public <T extends Configurable & TextEncoder> TextEncoderProvenance(T host) {
        super(host, HOST_TYPE);
        this.modelHash = new HashProvenance(ProvenanceUtil.HashType.SHA256, MODEL_HASH, host.modelHash());
        this.outputDim = new IntProvenance(OUTPUT_DIM, host.dim());
    }

    /**
     * Deserialization constructor.
     * @param map The provenance map.
     */
    public TextEncoderProvenance(Map<String, Provenance> map) {
        this(extract(map));
    }

    private TextEncoderProvenance(ExtractedInfo info) {
        super(info);
        this.modelHash = (HashProvenance) info.instanceValues.get(MODEL_HASH);
        this.outputDim = (IntProvenance) info.instanceValues.get(OUTPUT_DIM);
    }

    private static ExtractedInfo extract(Map<String, Provenance> map) {
        Map<String, Provenance> configured = new HashMap<>(map);
        String name = TextEncoderProvenance.class.getSimpleName();
        String className = ObjectProvenance.checkAndExtractProvenance(configured, CLASS_NAME, StringProvenance.class, name).getValue();
        String hostShortName = ObjectProvenance.checkAndExtractProvenance(configured, HOST_SHORT_NAME, StringProvenance.class, name).getValue();
        Map<String, PrimitiveProvenance<?>> instance = new HashMap<>();
        instance.put(MODEL_HASH, ObjectProvenance.checkAndExtractProvenance(configured, MODEL_HASH, HashProvenance.class, name));
        instance.put(OUTPUT_DIM, ObjectProvenance.checkAndExtractProvenance(configured, OUTPUT_DIM, IntProvenance.class, name));
        return new ExtractedInfo(className, hostShortName, configured, instance);
    }

    /**
     * The SHA-256 of the model bytes.
     * @return The hash as hexadecimal digits.
     */
    public String getModelHash() {
        return modelHash.getValue();
    }

    /**
     * The token feature dimension.
     * @return The dimension.
     */
    public int getOutputDim() {
        return outputDim.getValue();
    }

    @Override
    public Map<String, PrimitiveProvenance<?>> getInstanceValues() {
        Map<String, PrimitiveProvenance<?>> map = super.getInstanceValues();
        map.put(MODEL_HASH, modelHash);
        map.put(OUTPUT_DIM, outputDim);
        return map;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TextEncoderProvenance)) {
            return false;
        }
        TextEncoderProvenance that = (TextEncoderProvenance) o;
        return super.equals(that) && modelHash.equals(that.modelHash) && outputDim.equals(that.outputDim);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), modelHash, outputDim);
    }

    @Override
    public String toString() {
        return generateString(HOST_TYPE);
    }
}
