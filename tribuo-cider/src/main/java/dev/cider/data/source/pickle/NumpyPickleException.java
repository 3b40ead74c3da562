package dev.cider.data.source.pickle;

/**
 * A pickle, or a numpy array in it, that cannot be decoded or does not have the expected content: a missing
 * or truncated file, an unknown Python object, an unsupported numpy dtype, a value of the wrong type.
 * <p>
 * It is an {@link IllegalArgumentException}, since it always describes bad input; messages name the file
 * when the file is known.
 */
public final class NumpyPickleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     * @param message What is wrong.
     */
    public NumpyPickleException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     * @param message What is wrong.
     * @param cause The underlying error.
     */
    public NumpyPickleException(String message, Throwable cause) {
        super(message, cause);
    }
}
