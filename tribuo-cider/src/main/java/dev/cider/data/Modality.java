package dev.cider.data;

/**
 * The three modalities of an utterance, in the order CIDer concatenates them (text | audio | vision).
 */
public enum Modality {
    /** The transcript, as WordPiece tokens or token features. */
    TEXT("L", "text"),
    /** Acoustic frames (COVAREP in CMU-MOSI/MOSEI). */
    AUDIO("A", "audio"),
    /** Visual frames (Facet in CMU-MOSI/MOSEI). */
    VISION("V", "vision");

    private final String letter;
    private final String displayName;

    Modality(String letter, String displayName) {
        this.letter = letter;
        this.displayName = displayName;
    }

    /**
     * The single letter the paper uses for this modality (L, A or V).
     * @return The letter.
     */
    public String letter() {
        return letter;
    }

    /**
     * The lower-case name used in feature names, reports and configuration.
     * @return The name.
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Parses a modality from its letter or name, case-insensitively.
     * @param text The letter (L, A, V) or name (text, audio, vision).
     * @return The modality.
     * @throws IllegalArgumentException naming the accepted values if the text is neither.
     */
    public static Modality parse(String text) {
        for (Modality m : values()) {
            if (m.letter.equalsIgnoreCase(text.trim()) || m.displayName.equalsIgnoreCase(text.trim()) || m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown modality '" + text + "', expected one of L/text, A/audio, V/vision");
    }
}
