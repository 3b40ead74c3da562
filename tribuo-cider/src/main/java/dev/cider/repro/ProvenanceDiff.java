package dev.cider.repro;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.TimeProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.cider.data.source.MultimodalSourceProvenance;
import dev.cider.runtime.NumericsEnvironment;
import dev.cider.text.TextEncoderProvenance;
import org.tribuo.provenance.DataSourceProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two provenance trees entry by entry: objects and maps by key (in the first tree's order, then keys only the
 * second has), lists by position, primitive values by their string form. Unlike Tribuo's
 * {@code ReproUtil.diffProvenance} it reports entries present on one side only and gives each difference a
 * {@link ProvenanceDifference.Kind}.
 */
public final class ProvenanceDiff {

    /** The key of a Tribuo model provenance's instance values (protected in {@code ModelProvenance}). */
    private static final String INSTANCE_VALUES = "instance-values";

    private final Set<String> reproductionSettings;
    private final List<ProvenanceDifference> differences = new ArrayList<>();

    private ProvenanceDiff(Set<String> reproductionSettings) {
        this.reproductionSettings = reproductionSettings;
    }

    /**
     * The differences between two provenance trees.
     * @param original The saved model's provenance (or any object provenance).
     * @param reproduced The reproduction's.
     * @param reproductionSettings Paths (e.g. {@code trainer.checkpointDir}) the reproduction changes on purpose; their
     *                             differences are {@link ProvenanceDifference.Kind#REPRODUCTION_SETTING}.
     * @return The differences in tree order (empty when the trees are equal).
     */
    public static List<ProvenanceDifference> between(ObjectProvenance original, ObjectProvenance reproduced, Set<String> reproductionSettings) {
        ProvenanceDiff diff = new ProvenanceDiff(Set.copyOf(reproductionSettings));
        diff.compareEntries("", entries(original), entries(reproduced));
        return Collections.unmodifiableList(diff.differences);
    }

    private void compare(String path, Provenance a, Provenance b) {
        if (a instanceof PrimitiveProvenance && b instanceof PrimitiveProvenance) {
            String va = String.valueOf(((PrimitiveProvenance<?>) a).getValue());
            String vb = String.valueOf(((PrimitiveProvenance<?>) b).getValue());
            if (!va.equals(vb)) {
                add(path, va, vb, a);
            }
        } else if (isKeyed(a) && isKeyed(b)) {
            compareEntries(path, entries(a), entries(b));
        } else if (a instanceof ListProvenance && b instanceof ListProvenance) {
            List<?> la = ((ListProvenance<?>) a).getList();
            List<?> lb = ((ListProvenance<?>) b).getList();
            for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
                String p = path + "[" + i + "]";
                if (i >= lb.size()) {
                    add(p, render((Provenance) la.get(i)), null, (Provenance) la.get(i));
                } else if (i >= la.size()) {
                    add(p, null, render((Provenance) lb.get(i)), (Provenance) lb.get(i));
                } else {
                    compare(p, (Provenance) la.get(i), (Provenance) lb.get(i));
                }
            }
        } else if (!String.valueOf(a).equals(String.valueOf(b))) {
            add(path, render(a), render(b), a);
        }
    }

    private void compareEntries(String path, Map<String, Provenance> a, Map<String, Provenance> b) {
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            String p = path.isEmpty() ? key : path + "." + key;
            Provenance va = a.get(key);
            Provenance vb = b.get(key);
            if (vb == null) {
                add(p, render(va), null, va);
            } else if (va == null) {
                add(p, null, render(vb), vb);
            } else {
                compare(p, va, vb);
            }
        }
    }

    private void add(String path, String original, String reproduced, Provenance example) {
        differences.add(new ProvenanceDifference(path, original, reproduced, kind(path, example)));
    }

    private ProvenanceDifference.Kind kind(String path, Provenance value) {
        if (reproductionSettings.contains(path)) {
            return ProvenanceDifference.Kind.REPRODUCTION_SETTING;
        }
        if (value instanceof DateTimeProvenance || value instanceof DateProvenance || value instanceof TimeProvenance) {
            return ProvenanceDifference.Kind.TIMESTAMP;
        }
        if (isNumericsEnvironmentPath(path)) {
            return ProvenanceDifference.Kind.NUMERICS_ENVIRONMENT;
        }
        String key = path.substring(path.lastIndexOf('.') + 1);
        if (isDataHashKey(key)) {
            return ProvenanceDifference.Kind.DATA_HASH;
        }
        return ProvenanceDifference.Kind.OTHER;
    }

    /**
     * Whether a path names an entry of the numerics environment a model records in its instance values.
     * @param path The path from the model provenance down.
     * @return True for {@code instance-values.numerics.*}.
     */
    static boolean isNumericsEnvironmentPath(String path) {
        return path.startsWith(INSTANCE_VALUES + "." + NumericsEnvironment.PROVENANCE_PREFIX);
    }

    /**
     * Whether a provenance key holds the hash of data a model was trained on: a data file's SHA-256 in a multimodal
     * source, a Tribuo data source's resource hash, or a text encoder's model hash.
     * @param key The key.
     * @return True for a data hash.
     */
    static boolean isDataHashKey(String key) {
        return key.startsWith(MultimodalSourceProvenance.FILE_HASH_PREFIX) || key.equals(DataSourceProvenance.RESOURCE_HASH)
                || key.equals(TextEncoderProvenance.MODEL_HASH);
    }

    private static boolean isKeyed(Provenance p) {
        return p instanceof ObjectProvenance || p instanceof MapProvenance;
    }

    /**
     * The entries of an object or map provenance by key.
     * @param p The provenance.
     * @return Key to value, in iteration order.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Provenance> entries(Provenance p) {
        Map<String, Provenance> m = new LinkedHashMap<>();
        for (Pair<String, ? extends Provenance> e : (Iterable<Pair<String, ? extends Provenance>>) p) {
            m.put(e.getA(), e.getB());
        }
        return m;
    }

    private static String render(Provenance p) {
        if (p instanceof PrimitiveProvenance) {
            return String.valueOf(((PrimitiveProvenance<?>) p).getValue());
        }
        if (p instanceof ObjectProvenance) {
            return ((ObjectProvenance) p).getClassName();
        }
        return String.valueOf(p);
    }
}
