package dev.cider.eval.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of successive halving on epochs: rung r trains its candidates for
 * {@code min(maxEpochs, minEpochs * eta^r)} epochs, and the best {@code max(1, floor(n_r / eta))} of its n_r candidates
 * go on to the next rung, until a rung trains for maxEpochs (the last rung). A candidate going on is retrained from
 * scratch with the same seeds, so each rung depends only on the rungs before it.
 */
public final class SuccessiveHalving {

    /**
     * One rung of the schedule.
     * @param index      The rung (0 first).
     * @param epochs     The epochs each candidate trains for.
     * @param candidates How many candidates the rung trains.
     */
    public record Rung(int index, int epochs, int candidates) {
    }

    private SuccessiveHalving() {
    }

    /**
     * The rungs of a schedule.
     * @param candidates Candidates of rung 0 (at least 1).
     * @param eta The reduction factor (at least 2).
     * @param minEpochs The epochs of rung 0 (at least 1).
     * @param maxEpochs The epochs of the last rung (at least minEpochs).
     * @return The rungs, in order; the last one trains for maxEpochs.
     * @throws IllegalArgumentException if an argument is out of range.
     */
    public static List<Rung> rungs(int candidates, int eta, int minEpochs, int maxEpochs) {
        if (candidates < 1 || eta < 2 || minEpochs < 1 || maxEpochs < minEpochs) {
            throw new IllegalArgumentException("Successive halving needs candidates >= 1, eta >= 2 and 1 <= minEpochs <= maxEpochs,"
                    + " found " + candidates + ", " + eta + ", " + minEpochs + ", " + maxEpochs);
        }
        List<Rung> out = new ArrayList<>();
        long epochs = minEpochs;
        int n = candidates;
        for (int r = 0; ; r++) {
            int e = (int) Math.min(maxEpochs, epochs);
            out.add(new Rung(r, e, n));
            if (e == maxEpochs) {
                return out;
            }
            epochs *= eta;
            n = survivors(n, eta);
        }
    }

    /**
     * How many of a rung's candidates go on.
     * @param candidates The rung's candidates.
     * @param eta The reduction factor.
     * @return {@code max(1, floor(candidates / eta))}.
     */
    public static int survivors(int candidates, int eta) {
        return Math.max(1, candidates / eta);
    }

    /**
     * The candidates that go on: the {@code keep} best by score (higher is better), ties and NaN scores (a candidate
     * that could not be scored) last, ties between equal scores broken by name so that the choice is reproducible.
     * @param scores Candidate name to score.
     * @param keep How many go on.
     * @return Their names, best first.
     */
    public static List<String> best(Map<String, Double> scores, int keep) {
        return scores.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Double>, Boolean>comparing(e -> e.getValue().isNaN())
                        .thenComparing(Map.Entry::getValue, Comparator.reverseOrder())
                        .thenComparing(Map.Entry::getKey))
                .limit(keep).map(Map.Entry::getKey).toList();
    }
}
