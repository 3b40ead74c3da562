package dev.cider.eval.search;

import dev.cider.eval.report.PairComparison;
import dev.cider.eval.stats.Estimate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a search found: every rung's scores on the valid split, the candidates the trainer refused, the choice (the
 * best of the last rung), and, only after the choice, the test scores of the chosen configuration and of the hand-set
 * base.
 *
 * @param search     The search.
 * @param candidates The candidates drawn (without the base).
 * @param refused    Candidate name to why the trainer refused its values (never trained).
 * @param rungs      The rungs, in order.
 * @param chosen     The chosen candidate's score in the last rung.
 * @param test       The test split's scores after the choice by system ("chosen" candidate and "base"), empty when the
 *                   test was skipped.
 * @param testPair   The paired comparison of the chosen candidate with the base on the test split, or null.
 * @param seconds    The wall time.
 */
public record SearchOutcome(SearchExperiment search, List<Candidate> candidates, Map<String, String> refused, List<RungResult> rungs,
                            CandidateScore chosen, Map<String, Estimate> test, PairComparison testPair, double seconds) {

    /**
     * Creates an outcome.
     * @param search The search.
     * @param candidates The candidates (copied).
     * @param refused The refused candidates (copied).
     * @param rungs The rungs (copied).
     * @param chosen The choice.
     * @param test The test scores (copied).
     * @param testPair The test comparison, or null.
     * @param seconds The wall time.
     */
    public SearchOutcome {
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(chosen, "chosen");
        candidates = List.copyOf(candidates);
        refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
        rungs = List.copyOf(rungs);
        test = Collections.unmodifiableMap(new LinkedHashMap<>(test));
    }

    /** @return True if the chosen configuration was tested after the choice. */
    public boolean tested() {
        return !test.isEmpty();
    }
}
