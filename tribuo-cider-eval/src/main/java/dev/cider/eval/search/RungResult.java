package dev.cider.eval.search;

import java.util.List;

/**
 * One round of a search: the epochs its candidates trained for, their scores on the valid split (best first) and the
 * names of those that went on to the next rung (empty for the last).
 *
 * @param index    The rung (0 first).
 * @param epochs   The epochs.
 * @param scores   The scores, best first.
 * @param promoted The candidates that went on.
 */
public record RungResult(int index, int epochs, List<CandidateScore> scores, List<String> promoted) {

    /**
     * Creates a rung result.
     * @param index The index.
     * @param epochs The epochs.
     * @param scores The scores (copied).
     * @param promoted The promoted names (copied).
     */
    public RungResult {
        scores = List.copyOf(scores);
        promoted = List.copyOf(promoted);
    }
}
