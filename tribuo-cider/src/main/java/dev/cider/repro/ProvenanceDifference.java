package dev.cider.repro;

/**
 * One difference between the provenance of a saved model and that of its reproduction.
 *
 * @param path Where it is: the provenance keys from the model down, joined with dots
 *             (e.g. {@code trainer.seed}, {@code dataset.datasource.sha256:csv}); list elements as {@code [i]}.
 * @param original The saved model's value, or null when only the reproduction has the entry.
 * @param reproduced The reproduction's value, or null when only the saved model has the entry.
 * @param kind What kind of difference it is.
 */
public record ProvenanceDifference(String path, String original, String reproduced, Kind kind) {

    /**
     * What kind of difference a {@link ProvenanceDifference} is.
     */
    public enum Kind {
        /** A date or time (training time, data source creation time): always differs, says nothing about the model. */
        TIMESTAMP(true),
        /** A setting without influence on the result that the reproduction changes (checkpointing off, progress output). */
        REPRODUCTION_SETTING(true),
        /** The hash of a data file or of a text encoder's model: the data changed since training. */
        DATA_HASH(false),
        /**
         * An entry of the numerics environment a model records ({@code instance-values.numerics.*}: processor, ATen
         * kernel set, thread counts, numerics mode, versions): the machine or process differs. Reported with the
         * environment comparison, not among the other differences.
         */
        NUMERICS_ENVIRONMENT(false),
        /** Any other value: a configuration, a count, a version or machine fact. */
        OTHER(false);

        private final boolean expected;

        Kind(boolean expected) {
            this.expected = expected;
        }

        /**
         * Whether such a difference is expected from any retraining and cannot explain different parameters.
         * @return True for timestamps and the reproduction's own settings.
         */
        public boolean isExpected() {
            return expected;
        }
    }

    /**
     * Whether this difference is expected from any retraining.
     * @return True for timestamps and the reproduction's own settings.
     */
    public boolean isExpected() {
        return kind.isExpected();
    }

    /**
     * A one-line description.
     * @return {@code path: original != reproduced}, or which side lacks the entry.
     */
    public String describe() {
        if (original == null) {
            return path + ": only in the reproduction (" + reproduced + ")";
        }
        if (reproduced == null) {
            return path + ": only in the saved model (" + original + ")";
        }
        return path + ": " + original + " != " + reproduced;
    }
}
