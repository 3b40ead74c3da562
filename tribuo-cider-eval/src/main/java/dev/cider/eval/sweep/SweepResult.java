package dev.cider.eval.sweep;

import dev.cider.metrics.Auilc;
import dev.cider.metrics.SentimentEvaluation;
import dev.cider.metrics.SentimentMetric;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.ModelProvenance;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One system swept over missing rates (or SMM subsets) with one pattern: the points, the AUILC of every metric
 * (for rate sweeps), and what makes it reproducible: pattern, mask seed, training seed, and the model and data
 * provenance. In a multi-seed experiment there is one result per (training seed, mask seed) of each system.
 */
public final class SweepResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String system;
    private final Long trainingSeed;
    private final String pattern;
    private final long seed;
    private final List<SweepPoint> points;
    private final ModelProvenance modelProvenance;
    private final DataProvenance dataProvenance;

    /**
     * Creates the result of a model trained with its configured seed (or loaded from a file).
     * @param system The system's name.
     * @param pattern The pattern's name.
     * @param seed The mask seed.
     * @param points The points in sweep order.
     * @param modelProvenance The model's provenance.
     * @param dataProvenance The test data's provenance.
     */
    public SweepResult(String system, String pattern, long seed, List<SweepPoint> points, ModelProvenance modelProvenance,
                       DataProvenance dataProvenance) {
        this(system, null, pattern, seed, points, modelProvenance, dataProvenance);
    }

    /**
     * Creates a result.
     * @param system The system's name.
     * @param trainingSeed The training seed of a multi-seed experiment, or null if the model was trained with its
     *                     trainer's configured seed or loaded from a file.
     * @param pattern The pattern's name.
     * @param seed The mask seed.
     * @param points The points in sweep order.
     * @param modelProvenance The model's provenance.
     * @param dataProvenance The test data's provenance.
     */
    public SweepResult(String system, Long trainingSeed, String pattern, long seed, List<SweepPoint> points,
                       ModelProvenance modelProvenance, DataProvenance dataProvenance) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("A sweep needs at least one point");
        }
        int size = points.get(0).outcomes().length;
        for (SweepPoint p : points) {
            if (p.outcomes().length != size) {
                throw new IllegalArgumentException("The sweep of " + system + " evaluated " + size + " utterances at point "
                        + points.get(0).label() + " but " + p.outcomes().length + " at point " + p.label());
            }
        }
        this.system = system;
        this.trainingSeed = trainingSeed;
        this.pattern = pattern;
        this.seed = seed;
        this.points = Collections.unmodifiableList(new ArrayList<>(points));
        this.modelProvenance = modelProvenance;
        this.dataProvenance = dataProvenance;
    }

    /** @return The system's name. */
    public String system() {
        return system;
    }

    /** @return The training seed of a multi-seed experiment, or null (configured seed, or a loaded model). */
    public Long trainingSeed() {
        return trainingSeed;
    }

    /** @return The pattern's name. */
    public String pattern() {
        return pattern;
    }

    /** @return The mask seed. */
    public long seed() {
        return seed;
    }

    /** @return The points. */
    public List<SweepPoint> points() {
        return points;
    }

    /** @return The model's provenance. */
    public ModelProvenance modelProvenance() {
        return modelProvenance;
    }

    /** @return The test data's provenance. */
    public DataProvenance dataProvenance() {
        return dataProvenance;
    }

    /** @return True if the points are missing rates (not SMM subsets), so AUILC is defined. */
    public boolean isRateSweep() {
        return points.size() >= 2 && points.stream().noneMatch(p -> Double.isNaN(p.rate()));
    }

    /** @return The rates of a rate sweep. */
    public double[] rates() {
        return points.stream().mapToDouble(SweepPoint::rate).toArray();
    }

    /**
     * The points as Tribuo evaluations (see {@link SweepPoint#sentimentEvaluation()}), in sweep order.
     * @return One evaluation per point.
     * @throws IllegalStateException if a point was built by hand without an evaluation provenance.
     */
    public List<SentimentEvaluation> evaluations() {
        List<SentimentEvaluation> out = new ArrayList<>(points.size());
        for (SweepPoint p : points) {
            out.add(p.sentimentEvaluation());
        }
        return out;
    }

    /**
     * The values of a metric along the sweep.
     * @param metric The metric.
     * @return One value per point.
     */
    public double[] values(SentimentMetric metric) {
        return points.stream().mapToDouble(p -> p.metrics().get(metric)).toArray();
    }

    /**
     * The area under the incomplete-input curve of a metric (trapezoid over the rates).
     * @param metric The metric.
     * @return The AUILC.
     * @throws IllegalStateException for an SMM sweep.
     */
    public double auilc(SentimentMetric metric) {
        if (!isRateSweep()) {
            throw new IllegalStateException("AUILC needs a sweep over at least two missing rates; " + pattern + " has subsets");
        }
        return Auilc.compute(rates(), values(metric));
    }

    /**
     * The AUILC of every metric of the task.
     * @return Metric to AUILC, in the metric enum's order.
     */
    public Map<SentimentMetric, Double> auilcs() {
        Map<SentimentMetric, Double> out = new EnumMap<>(SentimentMetric.class);
        for (SentimentMetric m : SentimentMetric.forTask(points.get(0).metrics().task())) {
            out.put(m, auilc(m));
        }
        return out;
    }
}
