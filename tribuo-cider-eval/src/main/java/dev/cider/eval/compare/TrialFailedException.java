package dev.cider.eval.compare;

/**
 * Thrown when trials of an experiment failed; the message names every failed trial with its error.
 */
public final class TrialFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message Which trials failed and why.
     * @param cause The first failure.
     */
    public TrialFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
