package dev.cider.eval.report;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException;
import dev.cider.metrics.SentimentMetric;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.ModelProvenance;

import dev.cider.data.SentimentTask;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run as a written report states it, read back from {@code results.json}: one system swept in one setting with
 * one training seed and one mask seed, its values at every point and its AUILCs as stored, and its provenance (the
 * class names, and the marshalled provenance, which {@link #modelProvenance()} and {@link #dataProvenance()} rebuild).
 *
 * @param setting             The setting.
 * @param system              The system.
 * @param task                The task.
 * @param pattern             The pattern's name.
 * @param trainingSeed        The training seed, or null for a configured seed or a loaded model.
 * @param maskSeed            The mask seed.
 * @param points              The points' values.
 * @param auilc               The AUILC of each metric as written (empty for SMM or single-point sweeps; NaN where undefined).
 * @param modelClassName      The model's class name (null if the result had no model provenance).
 * @param trainerClassName    The trainer's class name (null if unknown).
 * @param dataClassName       The test data provenance's class name (null if the result had no data provenance).
 * @param modelProvenanceJson The model provenance in OLCUT's JSON provenance form (null if absent).
 * @param dataProvenanceJson  The data provenance in OLCUT's JSON provenance form (null if absent).
 */
public record ReportedRun(String setting, String system, SentimentTask task, String pattern, Long trainingSeed, long maskSeed,
                        List<Point> points, Map<SentimentMetric, Double> auilc, String modelClassName, String trainerClassName,
                        String dataClassName, String modelProvenanceJson, String dataProvenanceJson) {

    /**
     * One point of a stored run.
     *
     * @param label  The label.
     * @param rate   The rate (NaN for a subset).
     * @param size   The number of utterances.
     * @param values The metric values (NaN where undefined).
     */
    public record Point(String label, double rate, int size, Map<SentimentMetric, Double> values) {
        /**
         * Creates a point, copying the values.
         * @param label The label.
         * @param rate The rate.
         * @param size The size.
         * @param values The values.
         */
        public Point {
            Objects.requireNonNull(label, "label");
            values = values.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new EnumMap<>(values));
        }
    }

    /**
     * Creates a stored run.
     */
    public ReportedRun {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(pattern, "pattern");
        points = List.copyOf(points);
        auilc = auilc.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new EnumMap<>(auilc));
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
        String where = "system '" + system + "' in setting '" + setting + "' (training seed " + trainingSeed + ", mask seed " + maskSeed + ")";
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
