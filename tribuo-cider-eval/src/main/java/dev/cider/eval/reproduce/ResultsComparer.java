package dev.cider.eval.reproduce;

import dev.cider.eval.report.ReportedComparison;
import dev.cider.eval.report.ReportedPair;
import dev.cider.eval.report.ReportedRun;
import dev.cider.eval.report.SweepCurve;
import dev.cider.eval.stats.Estimate;
import dev.cider.metrics.SentimentMetric;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks two comparisons side by side and collects what {@link ResultsDiff} reports: curves, pairs, runs, points and
 * metrics are matched by name, every number of a matched item is compared, and items present on one side only are
 * named.
 */
final class ResultsComparer {

    private int compared;
    private final List<NumberDifference> differences = new ArrayList<>();
    private final List<MeanShift> shifts = new ArrayList<>();
    private final List<VerdictComparison> verdicts = new ArrayList<>();
    private final List<String> unmatched = new ArrayList<>();

    private ResultsComparer() {
    }

    /**
     * Compares a rerun with recorded results.
     * @param recorded The recorded results.
     * @param rerun The rerun's results.
     * @return The diff.
     */
    static ResultsDiff compare(ReportedComparison recorded, ReportedComparison rerun) {
        ResultsComparer c = new ResultsComparer();
        c.seeds("training seeds", recorded.trainingSeeds(), rerun.trainingSeeds());
        c.seeds("mask seeds", recorded.maskSeeds(), rerun.maskSeeds());
        c.number("bootstrap replicates", recorded.replicates(), rerun.replicates());
        c.number("bootstrap seed", recorded.bootstrapSeed(), rerun.bootstrapSeed());
        c.matched("curve", recorded.curves(), rerun.curves(), ResultsComparer::curveName, c::curve);
        c.matched("pair", recorded.pairs(), rerun.pairs(), ResultsComparer::pairName, c::pair);
        c.matched("run", recorded.runs(), rerun.runs(), ResultsComparer::runName, c::run);
        return new ResultsDiff(recorded.title(), c.compared, c.differences, c.shifts, c.verdicts, c.unmatched);
    }

    /** What to do with two items of the same name. */
    private interface Pairing<T> {
        void accept(String name, T recorded, T rerun);
    }

    /** Matches two lists by name: pairs are compared, names on one side only are reported. */
    private <T> void matched(String kind, List<T> recorded, List<T> rerun, Function<T, String> name, Pairing<T> compare) {
        Map<String, T> a = byName(kind, recorded, name);
        Map<String, T> b = byName(kind, rerun, name);
        for (Map.Entry<String, T> e : a.entrySet()) {
            T other = b.get(e.getKey());
            if (other == null) {
                unmatched.add(e.getKey() + ": in the recorded results only");
            } else {
                compare.accept(e.getKey(), e.getValue(), other);
            }
        }
        for (String n : b.keySet()) {
            if (!a.containsKey(n)) {
                unmatched.add(n + ": in the rerun only");
            }
        }
    }

    private <T> Map<String, T> byName(String kind, List<T> items, Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T item : items) {
            String n = name.apply(item);
            if (out.putIfAbsent(n, item) != null) {
                unmatched.add(n + ": listed twice, only the first is compared");
            }
        }
        return out;
    }

    private static String curveName(SweepCurve c) {
        return "curve " + c.setting() + " / " + c.system() + " (" + c.task().name() + ", " + c.pattern() + ")";
    }

    private static String pairName(ReportedPair p) {
        return "pair " + p.setting() + ": " + p.pair() + ", " + p.quantity().name() + " " + p.metric().key();
    }

    private static String runName(ReportedRun r) {
        return "run " + r.setting() + " / " + r.system() + " (" + r.task().name() + ", " + r.pattern() + "), training seed "
                + (r.trainingSeed() == null ? "as configured" : r.trainingSeed()) + ", mask seed " + r.maskSeed();
    }

    private void curve(String name, SweepCurve a, SweepCurve b) {
        seeds(name + ", training seeds", a.trainingSeeds(), b.trainingSeeds());
        seeds(name + ", mask seeds", a.maskSeeds(), b.maskSeeds());
        matched(name + ", point", a.points(), b.points(), p -> name + ", point " + p.label(), (pn, pa, pb) -> {
            number(pn + " size", pa.size(), pb.size());
            estimates(pn, pa.estimates(), pb.estimates(), a.trainingSeeds());
            if (!a.hasAuilc()) {
                shifts(a, "point " + pa.label(), pa.estimates(), pb.estimates());
            }
        });
        estimates(name + ", AUILC", a.auilc(), b.auilc(), a.trainingSeeds());
        shifts(a, "AUILC", a.auilc(), b.auilc());
    }

    private void shifts(SweepCurve curve, String quantity, Map<SentimentMetric, Estimate> a, Map<SentimentMetric, Estimate> b) {
        for (Map.Entry<SentimentMetric, Estimate> e : a.entrySet()) {
            Estimate other = b.get(e.getKey());
            if (other != null) {
                Estimate r = e.getValue();
                shifts.add(new MeanShift(curve.setting(), curve.system(), curve.task(), quantity, e.getKey(), r.mean(), other.mean(), r.sd(),
                        r.perSeed().length));
            }
        }
    }

    private void estimates(String name, Map<SentimentMetric, Estimate> a, Map<SentimentMetric, Estimate> b, List<Long> seeds) {
        for (SentimentMetric m : union(a.keySet(), b.keySet())) {
            Estimate ea = a.get(m);
            Estimate eb = b.get(m);
            if (ea == null || eb == null) {
                unmatched.add(name + " " + m.key() + ": in the " + (ea == null ? "rerun" : "recorded results") + " only");
            } else {
                estimate(name + " " + m.key(), ea, eb, seeds);
            }
        }
    }

    private void estimate(String name, Estimate a, Estimate b, List<Long> seeds) {
        number(name + " mean", a.mean(), b.mean());
        number(name + " sd", a.sd(), b.sd());
        number(name + " ci95 lower", a.lower(), b.lower());
        number(name + " ci95 upper", a.upper(), b.upper());
        double[] pa = a.perSeed();
        double[] pb = b.perSeed();
        if (pa.length != pb.length) {
            unmatched.add(name + " perSeed: " + pa.length + " recorded values, " + pb.length + " in the rerun");
        } else {
            for (int i = 0; i < pa.length; i++) {
                number(name + " perSeed[" + (seeds.size() == pa.length ? "seed " + seeds.get(i) : Integer.toString(i)) + "]", pa[i], pb[i]);
            }
        }
        number(name + " skippedReplicates", a.skippedReplicates(), b.skippedReplicates());
    }

    private void pair(String name, ReportedPair a, ReportedPair b) {
        estimate(name + ", difference", a.difference(), b.difference(), List.of());
        number(name + ", pValue", a.pValue(), b.pValue());
        number(name + ", pHolm", a.pHolm(), b.pHolm());
        number(name + ", familySize", a.familySize(), b.familySize());
        verdicts.add(new VerdictComparison(a.setting(), a.pair(), a.quantity(), a.metric(), a.verdict(), b.verdict(),
                a.difference().mean(), b.difference().mean()));
    }

    private void run(String name, ReportedRun a, ReportedRun b) {
        matched(name + ", point", a.points(), b.points(), p -> name + ", point " + p.label(), (pn, pa, pb) -> {
            number(pn + " size", pa.size(), pb.size());
            values(pn, pa.values(), pb.values());
        });
        values(name + ", AUILC", a.auilc(), b.auilc());
    }

    private void values(String name, Map<SentimentMetric, Double> a, Map<SentimentMetric, Double> b) {
        for (SentimentMetric m : union(a.keySet(), b.keySet())) {
            Double va = a.get(m);
            Double vb = b.get(m);
            if (va == null || vb == null) {
                unmatched.add(name + " " + m.key() + ": in the " + (va == null ? "rerun" : "recorded results") + " only");
            } else {
                number(name + " " + m.key(), va, vb);
            }
        }
    }

    private void seeds(String name, List<Long> a, List<Long> b) {
        if (a.size() != b.size()) {
            unmatched.add(name + ": recorded " + a + ", rerun " + b);
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Objects.equals(a.get(i), b.get(i))) {
                unmatched.add(name + ": recorded " + a + ", rerun " + b);
                return;
            }
        }
        compared += a.size();
    }

    private void number(String name, double a, double b) {
        compared++;
        if (!NumberDifference.same(a, b)) {
            differences.add(new NumberDifference(name, a, b));
        }
    }

    /** Compares two integers exactly (seeds may exceed a double's exact range). */
    private void number(String name, long a, long b) {
        compared++;
        if (a != b) {
            differences.add(new NumberDifference(name, a, b));
        }
    }

    private static Set<SentimentMetric> union(Set<SentimentMetric> a, Set<SentimentMetric> b) {
        Set<SentimentMetric> out = EnumSet.noneOf(SentimentMetric.class);
        out.addAll(a);
        out.addAll(b);
        return out;
    }
}
