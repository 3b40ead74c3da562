package dev.cider.eval.search;

import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.report.PairComparison;
import dev.cider.eval.stats.Estimate;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The readable report of a search ({@value SearchOutputs#MARKDOWN}): what was scored where, one table per rung ranked
 * by the valid score, the choice, and, in a section of its own, the test scores measured after the choice.
 */
final class SearchMarkdown {

    private SearchMarkdown() {
    }

    static String render(SearchOutcome outcome, Path configFile, String sha) {
        SearchExperiment s = outcome.search();
        ComparisonExperiment base = s.baseExperiment();
        String metric = s.metric().displayName();
        StringBuilder b = new StringBuilder();
        b.append("# ").append(s.title()).append("\n\n");
        b.append(String.format(Locale.ROOT, "Every candidate is scored on the **validation split** of %s only: the AUILC of %s under %s over the"
                        + " missing rates %s (mask seeds %s), %s. The test split takes no part in the choice. The epoch and tau of each"
                        + " model are selected on the same validation split, so the validation scores are optimistic; the chosen"
                        + " configuration's test score, measured after the choice, is the number to quote.\n\n",
                base.dataName(), metric, s.pattern().name(), rates(base.rates()), base.maskSeeds(), SearchOutputs.seedsText(s)));
        b.append(String.format(Locale.ROOT, "Strategy: %s, %d candidates drawn with search seed %d%s. Space: %s.%s\n\n", s.strategy(),
                outcome.candidates().size(), s.searchSeed(), s.strategy() == SearchStrategy.SUCCESSIVE_HALVING
                        ? String.format(Locale.ROOT, " (eta %d, %d to %d epochs; a promoted candidate is retrained from scratch)", s.eta(), s.minEpochs(), s.maxEpochs())
                        : String.format(Locale.ROOT, " (%d epochs each)", s.maxEpochs()),
                SearchOutputs.space(s), s.compareWithBase() ? " \"base\" is the hand-set trainer of system \"" + s.baseSystem().name()
                        + "\" (with each rung's epochs), kept through every rung for comparison." : ""));
        if (configFile != null) {
            b.append("Configuration: `").append(configFile).append("` (SHA-256 `").append(sha).append("`).\n\n");
        }
        for (Map.Entry<String, String> r : outcome.refused().entrySet()) {
            b.append("- ").append(r.getKey()).append(" was refused by the trainer and not trained: ").append(r.getValue()).append('\n');
        }
        if (!outcome.refused().isEmpty()) {
            b.append('\n');
        }
        List<SearchDimension> dims = s.dimensions();
        for (RungResult r : outcome.rungs()) {
            b.append(String.format(Locale.ROOT, "## Round %d: %d epochs, ranked by validation AUILC of %s\n\n", r.index() + 1, r.epochs(), metric));
            b.append("| rank | candidate |");
            dims.forEach(d -> b.append(' ').append(d.property()).append(" |"));
            b.append(" valid AUILC ").append(metric).append(" | 95% interval | sd over seeds | |\n|---|---|");
            dims.forEach(d -> b.append("---|"));
            b.append("---|---|---|---|\n");
            int rank = 1;
            for (CandidateScore cs : r.scores()) {
                Estimate e = cs.score();
                b.append("| ").append(rank++).append(" | ").append(cs.candidate().name()).append(" |");
                dims.forEach(d -> b.append(' ').append(cs.candidate().values().getOrDefault(d.property(), "")).append(" |"));
                b.append(String.format(Locale.ROOT, " %.4f | [%.4f, %.4f] | %s | %s |\n", e.mean(), e.lower(), e.upper(),
                        e.n() > 1 ? String.format(Locale.ROOT, "%.4f", e.sd()) : "one run",
                        r.promoted().contains(cs.candidate().name()) ? "next round" : ""));
            }
            b.append('\n');
        }
        CandidateScore chosen = outcome.chosen();
        b.append("## Choice\n\n");
        b.append(String.format(Locale.ROOT, "**%s** (%s, %d epochs): validation AUILC of %s %.4f [%.4f, %.4f]. Written to `%s` (the base"
                        + " experiment with these values; run it with `cider compare --config %s`).\n\n", chosen.candidate().name(),
                chosen.candidate().describe(), chosen.epochs(), metric, chosen.mean(), chosen.score().lower(), chosen.score().upper(),
                SearchOutputs.BEST_CONFIG, SearchOutputs.BEST_CONFIG));
        b.append("## Test split, after the choice\n\n");
        if (!outcome.tested()) {
            b.append("Not measured (--no-test).\n");
            return b.toString();
        }
        b.append(String.format(Locale.ROOT, "Measured only after the choice above, which these numbers played no part in: each configuration"
                + " trained again with %d epochs and %s, scored on the test split of %s.\n\n", s.maxEpochs(), SearchOutputs.seedsText(s), base.dataName()));
        b.append("| configuration | test AUILC ").append(metric).append(" | 95% interval | valid AUILC (last round) |\n|---|---|---|---|\n");
        List<CandidateScore> last = outcome.rungs().get(outcome.rungs().size() - 1).scores();
        for (Map.Entry<String, Estimate> e : outcome.test().entrySet()) {
            String valid = last.stream().filter(cs -> cs.candidate().name().equals(e.getKey())).findFirst()
                    .map(cs -> String.format(Locale.ROOT, "%.4f", cs.mean())).orElse("");
            b.append(String.format(Locale.ROOT, "| %s | %.4f | [%.4f, %.4f] | %s |\n", e.getKey(), e.getValue().mean(), e.getValue().lower(),
                    e.getValue().upper(), valid));
        }
        PairComparison p = outcome.testPair();
        if (p != null) {
            Estimate d = p.difference().difference();
            b.append(String.format(Locale.ROOT, "\n%s minus %s on the test split: %+.4f [%.4f, %.4f], paired bootstrap p = %.3f: %s.\n",
                    p.pair().first(), p.pair().second(), d.mean(), d.lower(), d.upper(), p.difference().pValue(), p.conclusion()));
        }
        return b.toString();
    }

    private static String rates(double[] rates) {
        return rates.length == 0 ? "" : String.format(Locale.ROOT, "%.1f to %.1f (%d rates)", rates[0], rates[rates.length - 1], rates.length);
    }
}
