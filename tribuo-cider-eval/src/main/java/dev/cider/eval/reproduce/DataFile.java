package dev.cider.eval.reproduce;

import java.util.Locale;
import java.util.Objects;

/**
 * One data file of an experiment: its SHA-256 as recorded in a results file's experiment provenance, against its
 * SHA-256 now, as the rebuilt experiment's data source hashes it.
 *
 * @param source      Where the data source sits in the experiment, e.g. {@code data (IID)} or {@code data (IID).source}
 *                    for a source wrapped by another.
 * @param sourceClass The data source's class name (without the package).
 * @param file        The file's name in the source's provenance (e.g. {@code csv}, {@code tokenizer}).
 * @param recorded    The recorded SHA-256 (null if the results file records none).
 * @param current     The SHA-256 now (null if the file could not be hashed).
 * @param status      How the two compare.
 * @param detail      The source's configured file locations, or why the file could not be hashed.
 */
public record DataFile(String source, String sourceClass, String file, String recorded, String current, Status status, String detail) {

    /** How a file's recorded hash compares with its hash now. */
    public enum Status {
        /** The same hash: the file is as it was. */
        UNCHANGED,
        /** Another hash: the file changed, so the rerun reads other data. */
        CHANGED,
        /** Recorded, but the file cannot be hashed now (it is missing or unreadable). */
        MISSING,
        /** Hashed now, but the results file records no hash for it. */
        UNRECORDED
    }

    /** How many hexadecimal digits of a hash the text shows. */
    private static final int SHOWN_DIGITS = 12;

    /**
     * Creates a data file entry.
     */
    public DataFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceClass, "sourceClass");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /**
     * A line for people: which file of which source, and what happened to it.
     * @return The line.
     */
    public String describe() {
        String what = String.format(Locale.ROOT, "%s, %s file '%s'%s", source, sourceClass, file, detail.isEmpty() || status == Status.MISSING
                ? "" : " [" + detail + "]");
        return switch (status) {
            case UNCHANGED -> what + ": unchanged (SHA-256 " + shortHash(current) + ")";
            case CHANGED -> what + ": CHANGED (recorded SHA-256 " + shortHash(recorded) + ", now " + shortHash(current) + ")";
            case MISSING -> what + ": MISSING (recorded SHA-256 " + shortHash(recorded) + "; " + detail + ")";
            case UNRECORDED -> what + ": not recorded in the results file (now SHA-256 " + shortHash(current) + ")";
        };
    }

    private static String shortHash(String hash) {
        return hash.length() <= SHOWN_DIGITS ? hash : hash.substring(0, SHOWN_DIGITS) + "...";
    }
}
