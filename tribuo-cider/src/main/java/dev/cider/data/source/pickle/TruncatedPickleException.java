package dev.cider.data.source.pickle;

/**
 * Raised while decoding when the pickle declares more data than the file holds; {@link NumpyUnpickler} reports it
 * as a truncated file, naming the file and the opcode.
 */
final class TruncatedPickleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     * @param message What extends past the end, and where.
     */
    TruncatedPickleException(String message) {
        super(message);
    }
}
