package dev.cider.data;

import java.util.Locale;

/**
 * The three splits of a multimodal corpus.
 */
public enum DataSplit {
    /** The training split: fits weights, prototypes, priors and the bias-word list. */
    TRAIN("train"),
    /** The validation split: early stopping, model selection and the choice of tau. */
    VALID("valid"),
    /** The test split: reported only. */
    TEST("test");

    private final String canonicalName;

    DataSplit(String canonicalName) {
        this.canonicalName = canonicalName;
    }

    /**
     * The canonical lower-case name (train, valid, test).
     * @return The name.
     */
    public String canonicalName() {
        return canonicalName;
    }

    /**
     * Parses a split name, accepting the usual aliases (dev, validation, val for {@link #VALID}).
     * @param name The name.
     * @return The split.
     * @throws IllegalArgumentException if the name is not a known split.
     */
    public static DataSplit parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "train":
            case "training":
                return TRAIN;
            case "valid":
            case "validation":
            case "val":
            case "dev":
                return VALID;
            case "test":
            case "testing":
                return TEST;
            default:
                throw new IllegalArgumentException("Unknown split name '" + name + "', expected train, valid (or dev/validation) or test");
        }
    }
}
