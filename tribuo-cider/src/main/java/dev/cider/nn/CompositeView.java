package dev.cider.nn;

import dev.cider.data.Modality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The seven views of the multimodal composite attention: tri-modal (LAV), bi-modal (LA, LV, AV) and uni-modal
 * (L, A, V). A view sees only the keys, queries and values of its modalities; the tri-modal view sees all.
 */
public enum CompositeView {
    /** All three modalities, the only view with attention dropout. */
    LAV(Modality.TEXT, Modality.AUDIO, Modality.VISION),
    /** Text and audio. */
    LA(Modality.TEXT, Modality.AUDIO),
    /** Text and vision. */
    LV(Modality.TEXT, Modality.VISION),
    /** Audio and vision. */
    AV(Modality.AUDIO, Modality.VISION),
    /** Text only. */
    L(Modality.TEXT),
    /** Audio only. */
    A(Modality.AUDIO),
    /** Vision only. */
    V(Modality.VISION);

    private final Set<Modality> modalities;

    CompositeView(Modality first, Modality... rest) {
        this.modalities = Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    /**
     * The modalities this view sees.
     * @return The modalities.
     */
    public Set<Modality> modalities() {
        return modalities;
    }

    /**
     * Whether this view sees a modality.
     * @param modality The modality.
     * @return True if it does.
     */
    public boolean contains(Modality modality) {
        return modalities.contains(modality);
    }

    /**
     * Whether this is the unmasked tri-modal view.
     * @return True for {@link #LAV}.
     */
    public boolean isFull() {
        return modalities.size() == Modality.values().length;
    }

    /**
     * The views whose outputs a modality concatenates, in order: the views containing it, from the tri-modal
     * view to its uni-modal view (text: LAV, LA, LV, L; audio: LAV, LA, AV, A; vision: LAV, LV, AV, V).
     * @param modality The modality.
     * @return The four views.
     */
    public static List<CompositeView> viewsOf(Modality modality) {
        List<CompositeView> views = new ArrayList<>();
        for (CompositeView v : values()) {
            if (v.contains(modality)) {
                views.add(v);
            }
        }
        return Collections.unmodifiableList(views);
    }
}
