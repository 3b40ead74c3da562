package dev.cider.train;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.cider.data.MultimodalExample;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a training run's result depends on, as named values: every configured trainer setting (nested components
 * flattened to dotted names such as {@code trainingPattern.rate}), the run's seed (derived from the trainer's seed and
 * invocation count) and a digest of the training and validation data. A checkpoint stores it and a resumed run must
 * match it; {@link #differencesFrom} names what does not.
 * <p>
 * Where the run keeps its files is not part of it ({@code checkpointDir}; the model's output path is not a trainer
 * setting at all), so a moved checkpoint directory still resumes; neither are the settings that cannot change the
 * result of the epochs already done ({@code resume}, {@code overwriteCheckpoint}, {@code showProgress}, and
 * {@code epochs}, which a resumed run may extend).
 *
 * @param values Setting name to its value, sorted by name.
 */
public record RunFingerprint(Map<String, String> values) {

    /** The trainer settings left out of the fingerprint. */
    public static final Set<String> UNFINGERPRINTED_SETTINGS = Set.of("checkpointDir", "resume", "overwriteCheckpoint", "showProgress", "epochs");

    /** The name of the run's seed. */
    public static final String RUN_SEED = "run seed (from seed and invocation count)";

    /** The name of the training data's digest. */
    public static final String TRAINING_DATA = "training data";

    /** The name of the validation data's digest. */
    public static final String VALIDATION_DATA = "validation data";

    private static final String ABSENT = "(none)";

    /**
     * Copies the values into an unmodifiable map sorted by name.
     * @param values Setting name to its value.
     */
    public RunFingerprint {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /**
     * The fingerprint of one run.
     * @param configuredParameters The trainer's configured parameters (its provenance's).
     * @param runSeed The seed of this run.
     * @param training The training data.
     * @param validation The validation data, or null if the trainer holds it out of the training data.
     * @return The fingerprint.
     */
    public static RunFingerprint of(Map<String, Provenance> configuredParameters, long runSeed, Dataset<Label> training,
                                    Dataset<Label> validation) {
        SortedMap<String, String> values = new TreeMap<>();
        for (Map.Entry<String, Provenance> e : configuredParameters.entrySet()) {
            if (!UNFINGERPRINTED_SETTINGS.contains(e.getKey())) {
                flatten(e.getKey(), e.getValue(), values);
            }
        }
        values.put(RUN_SEED, Long.toString(runSeed));
        values.put(TRAINING_DATA, dataDigest(training));
        values.put(VALIDATION_DATA, validation == null ? "held out from the training data" : dataDigest(validation));
        return new RunFingerprint(values);
    }

    /**
     * Names every value that differs between a recorded fingerprint and this one.
     * @param recorded The fingerprint stored in a checkpoint.
     * @return One line per differing name, sorted by name: {@code NAME: OLD in the checkpoint, NEW in this run}
     *         ("(none)" for a value only one of them has); empty if they match.
     */
    public List<String> differencesFrom(RunFingerprint recorded) {
        Set<String> names = new TreeSet<>(values.keySet());
        names.addAll(recorded.values.keySet());
        List<String> differences = new ArrayList<>();
        for (String name : names) {
            String old = recorded.values.getOrDefault(name, ABSENT);
            String now = values.getOrDefault(name, ABSENT);
            if (!old.equals(now)) {
                differences.add(name + ": " + old + " in the checkpoint, " + now + " in this run");
            }
        }
        return differences;
    }

    private static void flatten(String name, Provenance p, SortedMap<String, String> out) {
        if (p instanceof PrimitiveProvenance) {
            out.put(name, String.valueOf(((PrimitiveProvenance<?>) p).getValue()));
        } else if (p instanceof ObjectProvenance || p instanceof MapProvenance) {
            // an object's entries include its class name
            @SuppressWarnings("unchecked")
            Iterable<Pair<String, ? extends Provenance>> entries = (Iterable<Pair<String, ? extends Provenance>>) p;
            for (Pair<String, ? extends Provenance> e : entries) {
                flatten(name + "." + e.getA(), e.getB(), out);
            }
        } else if (p instanceof ListProvenance) {
            List<?> list = ((ListProvenance<?>) p).getList();
            out.put(name, list.size() + " entries");
            for (int i = 0; i < list.size(); i++) {
                flatten(name + "[" + i + "]", (Provenance) list.get(i), out);
            }
        } else {
            out.put(name, String.valueOf(p));
        }
    }

    private static String dataDigest(Dataset<Label> data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Example<Label> ex : data) {
                if (ex instanceof MultimodalExample) {
                    MultimodalExample m = (MultimodalExample) ex;
                    md.update((m.getId() + ':' + m.getScore() + '|').getBytes(StandardCharsets.UTF_8));
                }
            }
            return data.size() + " utterances, SHA-256 of ids and scores " + HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
