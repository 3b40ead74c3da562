package dev.cider.repro;

import java.util.List;
import java.util.Locale;

/**
 * A change to a recorded configuration value before the model is retrained, e.g. {@code trainer.seed=12} or
 * {@code data.path=/new/place/label.csv} for a data file that moved. The first part names the component:
 * {@value #TRAINER} (the trainer) or {@value #DATA} (the training data source and the validation data source);
 * the following parts name a field, through nested components for wrapped sources
 * ({@code data.source.path} is the {@code path} of the source a {@code ReassignedSource} or
 * {@code EncodedTextSource} wraps).
 *
 * @param component {@value #TRAINER} or {@value #DATA}.
 * @param fieldPath The field, after any nested component fields (at least one element).
 * @param value The new value, as OLCUT parses it from a configuration file.
 */
public record SettingOverride(String component, List<String> fieldPath, String value) {

    /** The component name of the trainer. */
    public static final String TRAINER = "trainer";
    /** The component name of the data sources. */
    public static final String DATA = "data";

    /**
     * Validates and copies the parts.
     * @throws IllegalArgumentException if the component is unknown or the field path is empty or has an empty part.
     */
    public SettingOverride {
        if (!TRAINER.equals(component) && !DATA.equals(component)) {
            throw new IllegalArgumentException("A setting override names the component " + TRAINER + " or " + DATA + ", found '" + component + "'");
        }
        fieldPath = List.copyOf(fieldPath);
        if (fieldPath.isEmpty() || fieldPath.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("A setting override needs a field name after '" + component + ".', found " + fieldPath);
        }
        if (value == null) {
            throw new IllegalArgumentException("A setting override needs a value");
        }
    }

    /**
     * Parses {@code component.field[.field...]=value}.
     * @param text The override.
     * @return The override.
     * @throws IllegalArgumentException naming the problem if the text is malformed.
     */
    public static SettingOverride parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("A setting override has the form trainer.FIELD=VALUE or data.FIELD=VALUE, found '" + text + "'");
        }
        String[] parts = text.substring(0, eq).trim().split("\\.", -1);
        String component = parts[0].toLowerCase(Locale.ROOT);
        if (parts.length < 2) {
            throw new IllegalArgumentException("A setting override has the form trainer.FIELD=VALUE or data.FIELD=VALUE, found '" + text + "'");
        }
        return new SettingOverride(component, List.of(parts).subList(1, parts.length), text.substring(eq + 1).trim());
    }

    /**
     * The override as {@link #parse} reads it.
     * @return {@code component.field=value}.
     */
    @Override
    public String toString() {
        return component + "." + String.join(".", fieldPath) + "=" + value;
    }
}
