package dev.cider.repro;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;

import java.util.Map;

/**
 * Configurable classes that moved to another package after model files naming them were written, by their old
 * fully qualified names. A model's provenance records the class of every configured component (its trainer, data
 * sources, text encoder), so a model trained before a move names the old class; rebuilding it for reproduction
 * instantiates the class under its current name instead.
 */
final class MovedClasses {
    /** Old fully qualified class name to current one. */
    private static final Map<String, String> CURRENT_NAMES = Map.of(
            // moved beside the text encoders it applies (issue 17, package layout)
            "dev.cider.data.source.EncodedTextSource", "dev.cider.text.EncodedTextSource");

    private MovedClasses() {
    }

    /**
     * The current name of a class recorded in a provenance.
     * @param recordedName The fully qualified class name as recorded.
     * @return Its current name (the recorded one unless the class moved).
     */
    static String current(String recordedName) {
        return CURRENT_NAMES.getOrDefault(recordedName, recordedName);
    }

    /**
     * A configuration with its class name brought up to date.
     * @param d The configuration extracted from a provenance.
     * @return The same configuration if its class has not moved, otherwise a copy naming the current class.
     */
    static ConfigurationData current(ConfigurationData d) {
        String name = current(d.getClassName());
        return name.equals(d.getClassName()) ? d : new ConfigurationData(d.getName(), name, d.getProperties());
    }
}
