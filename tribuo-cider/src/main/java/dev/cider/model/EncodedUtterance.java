package dev.cider.model;

import dev.cider.data.Modality;
import dev.cider.data.MultimodalExample;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A new utterance encoded for a model: the example the model predicts, which modalities were missing and what the
 * encoding had to change (a text cut to the model's text length, frames cut to its audio or vision length).
 *
 * @param example The example, with the model's layout and an unknown label.
 * @param missing The modalities the utterance did not supply.
 * @param notes   Human-readable notes on truncation, empty when nothing was cut.
 */
public record EncodedUtterance(MultimodalExample example, Set<Modality> missing, List<String> notes) {

    /**
     * Copies the set and the list.
     */
    public EncodedUtterance {
        Objects.requireNonNull(example, "example");
        missing = Set.copyOf(missing);
        notes = List.copyOf(notes);
    }
}
