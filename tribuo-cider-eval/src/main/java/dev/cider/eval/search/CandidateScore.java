package dev.cider.eval.search;

import dev.cider.eval.stats.Estimate;

import java.util.Objects;

/**
 * A candidate's score in one rung: the AUILC of the search's metric on the valid split, as an {@link Estimate} (the
 * mean over the training seeds, their spread and a 95% bootstrap interval over seeds and valid utterances).
 *
 * @param candidate The candidate.
 * @param epochs    The epochs it was trained for.
 * @param score     The score.
 */
public record CandidateScore(Candidate candidate, int epochs, Estimate score) {

    /**
     * Creates a score.
     * @param candidate The candidate.
     * @param epochs The epochs.
     * @param score The score.
     */
    public CandidateScore {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(score, "score");
    }

    /** @return The mean score over the training seeds. */
    public double mean() {
        return score.mean();
    }
}
