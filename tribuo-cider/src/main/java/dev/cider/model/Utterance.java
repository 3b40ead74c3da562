package dev.cider.model;

import dev.cider.data.Modality;

import java.util.Objects;
import java.util.Optional;

/**
 * A new, unlabelled utterance to predict: its transcript and, optionally, its audio and vision frames. An absent
 * modality is missing; {@link UtteranceEncoder} represents it as CIDer's missing patterns do, never as zeros that
 * pass for a real recording.
 *
 * @param id     The utterance id (for the output).
 * @param text   The transcript.
 * @param audio  The audio frames, or null when the audio is missing.
 * @param vision The vision frames, or null when the vision is missing.
 */
public record Utterance(String id, String text, UtteranceFrames audio, UtteranceFrames vision) {

    /**
     * Checks that the id and text are given.
     */
    public Utterance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
    }

    /**
     * A text-only utterance (audio and vision missing).
     * @param id The id.
     * @param text The transcript.
     * @return The utterance.
     */
    public static Utterance textOnly(String id, String text) {
        return new Utterance(id, text, null, null);
    }

    /**
     * The frames of audio or vision.
     * @param m {@link Modality#AUDIO} or {@link Modality#VISION}.
     * @return The frames, or empty when the modality is missing.
     */
    public Optional<UtteranceFrames> frames(Modality m) {
        switch (m) {
            case AUDIO: return Optional.ofNullable(audio);
            case VISION: return Optional.ofNullable(vision);
            default: throw new IllegalArgumentException("An utterance has frames for audio and vision, not " + m.displayName());
        }
    }
}
