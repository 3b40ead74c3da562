package dev.cider.missing;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.DataLayout;
import dev.cider.data.Modality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Creates missing patterns from their short names (for the command line and reports).
 * <p>
 * Accepted names, case-insensitive: {@code rmfm}, {@code traditional-rmfm} (optionally with fixed
 * per-modality rates, {@code traditional-rmfm:L=0.2,V=0.7}), {@code rmm}, {@code tmfm}, {@code stmfm},
 * {@code smm:LA} (the kept modalities). Every pattern's {@link MissingPattern#name()} parses back to an
 * equivalent pattern.
 */
public final class MissingPatterns {

    private static final String TRADITIONAL = "traditional-rmfm";

    private MissingPatterns() {
    }

    /**
     * The accepted name forms, for help texts.
     * @return The names.
     */
    public static List<String> names() {
        return List.of("rmfm", TRADITIONAL, TRADITIONAL + ":L=<rate>,A=<rate>,V=<rate>", "rmm", "tmfm", "stmfm", "smm:<kept letters, e.g. LA>");
    }

    /**
     * Parses a pattern.
     * @param spec The name, e.g. {@code rmfm} or {@code smm:LA}.
     * @return A new pattern.
     * @throws IllegalArgumentException naming the accepted forms if the name is unknown or its options are invalid.
     */
    public static MissingPattern parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("Empty missing pattern name, expected one of " + names());
        }
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        String head = (colon < 0 ? trimmed : trimmed.substring(0, colon)).trim().toLowerCase(Locale.ROOT).replace('_', '-');
        String options = colon < 0 ? null : trimmed.substring(colon + 1).trim();
        try {
            switch (head) {
                case "rmfm":
                    noOptions(head, options);
                    return new Rmfm();
                case TRADITIONAL:
                case "trmfm":
                    return options == null ? new TraditionalRmfm() : parseTraditional(options);
                case "rmm":
                    noOptions(head, options);
                    return new Rmm();
                case "tmfm":
                    noOptions(head, options);
                    return new Tmfm();
                case "stmfm":
                    noOptions(head, options);
                    return new Stmfm();
                case "smm":
                    if (options == null || options.isEmpty()) {
                        throw new IllegalArgumentException("smm needs the kept modalities, e.g. smm:LA");
                    }
                    return new Smm(options);
                default:
                    throw new IllegalArgumentException("Unknown missing pattern '" + spec + "', expected one of " + names());
            }
        } catch (PropertyException e) {
            throw new IllegalArgumentException("Invalid missing pattern '" + spec + "': " + e.getMessage(), e);
        }
    }

    private static void noOptions(String head, String options) {
        if (options != null) {
            throw new IllegalArgumentException(head + " takes no options, found '" + options + "'");
        }
    }

    private static TraditionalRmfm parseTraditional(String options) {
        double[] rates = {TraditionalRmfm.FOLLOW, TraditionalRmfm.FOLLOW, TraditionalRmfm.FOLLOW};
        for (String part : options.split(",")) {
            String[] kv = part.split("=", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException(TRADITIONAL + " options must look like L=0.2,A=0.5,V=0.7, found '" + part + "'");
            }
            Modality m = Modality.parse(kv[0]);
            try {
                rates[m.ordinal()] = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(TRADITIONAL + ": the rate of " + m.letter() + " is not a number: '" + kv[1] + "'", e);
            }
            if (!(rates[m.ordinal()] >= 0.0 && rates[m.ordinal()] <= 1.0)) {
                throw new IllegalArgumentException(TRADITIONAL + ": the rate of " + m.letter() + " must be in [0, 1], found " + kv[1]);
            }
        }
        return new TraditionalRmfm(rates[0], rates[1], rates[2]);
    }

    /**
     * Every pattern a data set with this layout supports, as a sweep would run them: RMFM, Traditional RMFM,
     * RMM, then TMFM and STMFM if the data is aligned, then the six SMM subsets.
     * @param layout The data layout.
     * @return New pattern instances.
     */
    public static List<MissingPattern> supportedBy(DataLayout layout) {
        List<MissingPattern> out = new ArrayList<>();
        out.add(new Rmfm());
        out.add(new TraditionalRmfm());
        out.add(new Rmm());
        if (layout.aligned()) {
            out.add(new Tmfm());
            out.add(new Stmfm());
        }
        out.addAll(Smm.allSubsets());
        return out;
    }
}
