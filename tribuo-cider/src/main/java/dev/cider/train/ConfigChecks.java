package dev.cider.train;

import com.oracle.labs.mlrg.olcut.config.PropertyException;

/**
 * The value checks shared by the trainer's and the architecture's {@code postConfig()}: each throws a
 * {@link PropertyException} naming the property, which {@link #asIllegalArgument} turns into the
 * {@link IllegalArgumentException} a builder's caller expects.
 */
final class ConfigChecks {

    private ConfigChecks() {
    }

    /**
     * Refuses a value that is not positive.
     * @param name The property.
     * @param v The value.
     */
    static void positive(String name, int v) {
        if (v <= 0) {
            throw new PropertyException("", name, name + " must be positive, found " + v);
        }
    }

    /**
     * Refuses a dropout rate outside [0, 1).
     * @param name The property.
     * @param v The value.
     */
    static void dropout(String name, float v) {
        if (!(v >= 0 && v < 1)) {
            throw new PropertyException("", name, name + " must be in [0, 1), found " + v);
        }
    }

    /**
     * Refuses a negative, infinite or NaN weight.
     * @param name The property.
     * @param v The value.
     */
    static void weight(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new PropertyException("", name, name + " must be finite and non-negative, found " + v);
        }
    }

    /**
     * Refuses a learning rate that is not finite and positive.
     * @param name The property.
     * @param v The value.
     */
    static void learningRate(String name, float v) {
        if (!(v > 0) || Float.isInfinite(v)) {
            throw new PropertyException("", name, name + " must be positive, found " + v);
        }
    }

    /**
     * Refuses a null value.
     * @param name The property.
     * @param v The value.
     * @param allowed The allowed values, for the message.
     */
    static void present(String name, Object v, String allowed) {
        if (v == null) {
            throw new PropertyException("", name, name + " must be " + allowed);
        }
    }

    /**
     * Runs a validation for a builder: a refused property becomes an {@link IllegalArgumentException} whose message
     * starts with the property's name.
     * @param validation The validation.
     */
    static void asIllegalArgument(Runnable validation) {
        try {
            validation.run();
        } catch (PropertyException e) {
            throw new IllegalArgumentException(e.getProperty() + ": " + e.getMsg(), e);
        }
    }
}
