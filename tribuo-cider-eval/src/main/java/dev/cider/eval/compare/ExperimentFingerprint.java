package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of an experiment's trials: a SHA-256 over its provenance in a canonical text form (every configured
 * value of the experiment and of every component it refers to, and the instance values they record, such as the
 * hashes of data files), leaving out time stamps (when a data source was read), which differ between two runs of the
 * same experiment. Two experiments with the same fingerprint plan the same trials and compute the same results (given
 * the same code and numerics), so a finished trial of one stands for the trial of the other. The fingerprint does not
 * cover the program itself or the machine's numerics: after changing either, write to a new output directory (or
 * delete its trials) to run every trial again.
 */
public final class ExperimentFingerprint {

    private ExperimentFingerprint() {
    }

    /**
     * The fingerprint of an experiment.
     * @param experiment The experiment.
     * @return 64 lower-case hex digits.
     */
    public static String of(ComparisonExperiment experiment) {
        return of(experiment.getProvenance());
    }

    /**
     * The fingerprint of an experiment's provenance.
     * @param provenance The provenance.
     * @return 64 lower-case hex digits.
     */
    public static String of(ObjectProvenance provenance) {
        StringBuilder text = new StringBuilder();
        append(text, provenance);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    /** Appends the canonical form of a provenance: entries of objects and maps sorted by key, lists in order. */
    private static void append(StringBuilder out, Provenance p) {
        if (p instanceof ObjectProvenance o) {
            out.append(o.getClassName()).append('{');
            appendEntries(out, o);
            out.append('}');
        } else if (p instanceof MapProvenance<?> m) {
            out.append('{');
            appendEntries(out, m);
            out.append('}');
        } else if (p instanceof ListProvenance<?> l) {
            out.append('[');
            for (Provenance e : l) {
                append(out, e);
                out.append(',');
            }
            out.append(']');
        } else if (p instanceof PrimitiveProvenance<?> v) {
            out.append(v.getClass().getSimpleName()).append(':').append(v.getValue());
        } else {
            out.append(p == null ? "null" : p.toString());
        }
    }

    private static void appendEntries(StringBuilder out, Iterable<? extends Pair<String, ? extends Provenance>> entries) {
        List<Pair<String, ? extends Provenance>> sorted = new ArrayList<>();
        for (Pair<String, ? extends Provenance> e : entries) {
            if (!(e.getB() instanceof DateTimeProvenance)) {
                sorted.add(e);
            }
        }
        sorted.sort((a, b) -> a.getA().compareTo(b.getA()));
        for (Pair<String, ? extends Provenance> e : sorted) {
            out.append(e.getA()).append('=');
            append(out, e.getB());
            out.append(';');
        }
    }
}
