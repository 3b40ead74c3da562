package dev.cider.eval.report;

import dev.cider.metrics.SentimentMetric;

import java.util.Locale;

/**
 * The expected numbers of the report tests, computed here from the raw predicted classes and true scores,
 * independently of the metric classes under report.
 */
final class Expected {

    private Expected() {
    }

    /** Binary-task class of a score: 0 negative, 1 neutral, 2 positive. */
    private static int three(double y) {
        return y < 0 ? 0 : (y > 0 ? 2 : 1);
    }

    static double acc2(double[] truth, int[] pred) {
        int n = 0;
        int ok = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != 0) {
                n++;
                if (three(truth[i]) == pred[i]) {
                    ok++;
                }
            }
        }
        return n == 0 ? Double.NaN : ok / (double) n;
    }

    /** Weighted F1 over the true classes negative and positive, neutral-labelled samples dropped. */
    static double f1(double[] truth, int[] pred) {
        double sum = 0;
        int n = 0;
        for (int cls : new int[] {0, 2}) {
            int tp = 0;
            int support = 0;
            int predicted = 0;
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] == 0) {
                    continue;
                }
                boolean isTrue = three(truth[i]) == cls;
                boolean isPred = pred[i] == cls;
                support += isTrue ? 1 : 0;
                predicted += isPred ? 1 : 0;
                tp += isTrue && isPred ? 1 : 0;
            }
            double p = predicted == 0 ? 0 : tp / (double) predicted;
            double r = support == 0 ? 0 : tp / (double) support;
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            sum += support * f;
            n += support;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static double acc3(double[] truth, int[] pred) {
        int ok = 0;
        for (int i = 0; i < truth.length; i++) {
            ok += three(truth[i]) == pred[i] ? 1 : 0;
        }
        return ok / (double) truth.length;
    }

    static double acc7(double[] truth, int[] pred) {
        int ok = 0;
        for (int i = 0; i < truth.length; i++) {
            int c = (int) Math.rint(Math.max(-3, Math.min(3, truth[i]))) + 3;
            ok += c == pred[i] ? 1 : 0;
        }
        return ok / (double) truth.length;
    }

    static double metric(SentimentMetric m, ReportFixtures.HandPoint p) {
        return switch (m) {
            case ACC2_NON0 -> acc2(p.truth(), p.predicted());
            case F1_NON0 -> f1(p.truth(), p.predicted());
            case ACC3 -> acc3(p.truth(), p.predicted());
            case ACC7 -> acc7(p.truth(), p.predicted());
            default -> throw new IllegalArgumentException("not computed independently: " + m);
        };
    }

    static double auilc(SentimentMetric m, ReportFixtures.HandSweep s) {
        double area = 0;
        for (int i = 0; i + 1 < s.points().size(); i++) {
            double a = metric(m, s.points().get(i));
            double b = metric(m, s.points().get(i + 1));
            area += (a + b) / 2 * (s.points().get(i + 1).rate() - s.points().get(i).rate());
        }
        return area;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", v * 100);
    }
}
