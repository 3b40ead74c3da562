package dev.cider.repro;

/**
 * A saved model cannot be reproduced: its file is missing or unreadable, it is not a CIDer model, or its provenance
 * does not record enough to rebuild its trainer or data (the message names what is missing).
 */
public final class ReproductionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message What cannot be reproduced and why.
     */
    public ReproductionException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     * @param message What cannot be reproduced and why.
     * @param cause The underlying failure.
     */
    public ReproductionException(String message, Throwable cause) {
        super(message, cause);
    }
}
