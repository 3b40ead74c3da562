package dev.cider.model;

import dev.cider.data.Modality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The prediction of one new utterance.
 *
 * @param id            The utterance id.
 * @param label         The predicted class (the most probable one).
 * @param probabilities The class probabilities, in the task's class order.
 * @param missing       The modalities that were missing, in text, audio, vision order.
 * @param notes         Notes on what the encoding cut (empty when nothing was).
 */
public record UtterancePrediction(String id, String label, Map<String, Double> probabilities, List<Modality> missing, List<String> notes) {

    /**
     * Copies the collections, keeping the probabilities' order.
     */
    public UtterancePrediction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        missing = List.copyOf(missing);
        notes = List.copyOf(notes);
    }

    /**
     * The missing modalities in text, audio, vision order.
     * @param missing A set of modalities.
     * @return The ordered list.
     */
    static List<Modality> ordered(Set<Modality> missing) {
        return new ArrayList<>(missing.isEmpty() ? EnumSet.noneOf(Modality.class) : EnumSet.copyOf(missing));
    }
}
