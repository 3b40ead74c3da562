package dev.cider.eval.report;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException;
import dev.cider.metrics.SentimentMetric;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.ModelProvenance;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One sweep read back from {@code results.json}: its numbers, the AUILCs as stored, and its provenance (the class
 * names, and the marshalled provenance, which {@link #modelProvenance()} and {@link #dataProvenance()} rebuild).
 *
 * @param curve               The numbers.
 * @param storedAuilc         The AUILC of each metric as written (empty for SMM or single-point sweeps; NaN where undefined).
 * @param modelClassName      The model's class name (null if the result had no model provenance).
 * @param trainerClassName    The trainer's class name (null if unknown).
 * @param dataClassName       The test data provenance's class name (null if the result had no data provenance).
 * @param modelProvenanceJson The model provenance in OLCUT's JSON provenance form (null if absent).
 * @param dataProvenanceJson  The data provenance in OLCUT's JSON provenance form (null if absent).
 */
public record StoredSweep(SweepCurve curve, Map<SentimentMetric, Double> storedAuilc, String modelClassName,
                          String trainerClassName, String dataClassName, String modelProvenanceJson, String dataProvenanceJson) {

    /**
     * Creates a stored sweep.
     * @param curve The numbers.
     * @param storedAuilc The stored AUILCs (copied).
     * @param modelClassName The model class.
     * @param trainerClassName The trainer class.
     * @param dataClassName The data provenance class.
     * @param modelProvenanceJson The model provenance JSON.
     * @param dataProvenanceJson The data provenance JSON.
     */
    public StoredSweep {
        Objects.requireNonNull(curve, "curve");
        storedAuilc = storedAuilc.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new EnumMap<>(storedAuilc));
    }

    /**
     * Rebuilds the model provenance (the classes it names must be on the class path).
     * @return The provenance.
     * @throws IllegalStateException if the result had none, or it cannot be rebuilt; the message says why.
     */
    public ModelProvenance modelProvenance() {
        return unmarshal(modelProvenanceJson, "model", ModelProvenance.class);
    }

    /**
     * Rebuilds the test data provenance (the classes it names must be on the class path).
     * @return The provenance.
     * @throws IllegalStateException if the result had none, or it cannot be rebuilt; the message says why.
     */
    public DataProvenance dataProvenance() {
        return unmarshal(dataProvenanceJson, "data", DataProvenance.class);
    }

    private <T> T unmarshal(String json, String what, Class<T> type) {
        String where = "system '" + curve.system() + "' in setting '" + curve.setting() + "'";
        if (json == null) {
            throw new IllegalStateException("The results of " + where + " have no " + what + " provenance");
        }
        ObjectProvenance p;
        try {
            p = new JsonProvenanceSerialization(false).deserializeAndUnmarshal(json);
        } catch (ProvenanceSerializationException | RuntimeException e) {
            throw new IllegalStateException("Could not rebuild the " + what + " provenance of " + where + ": " + e.getMessage(), e);
        }
        if (!type.isInstance(p)) {
            throw new IllegalStateException("The " + what + " provenance of " + where + " is a " + p.getClass().getName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(p);
    }
}
