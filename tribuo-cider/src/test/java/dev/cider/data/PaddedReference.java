package dev.cider.data;

import java.util.Arrays;

/**
 * The padded layout {@link FeatureSequence} used to store ({@code steps x dim} floats, padding included), written out
 * plainly: the tests check that the compact storage answers every question exactly as this does.
 */
final class PaddedReference {
    final float[] values;
    final int steps;
    final int dim;
    final int length;

    PaddedReference(float[] values, int steps, int dim, int length) {
        this.values = values.clone();
        this.steps = steps;
        this.dim = dim;
        this.length = length;
    }

    float get(int step, int d) {
        return values[step * dim + d];
    }

    boolean isZeroFrame(int step) {
        for (int d = 0; d < dim; d++) {
            if (values[step * dim + d] != 0f) {
                return false;
            }
        }
        return true;
    }

    PaddedReference withDroppedSteps(boolean[] keep) {
        float[] v = values.clone();
        for (int t = 0; t < length; t++) {
            if (!keep[t]) {
                Arrays.fill(v, t * dim, (t + 1) * dim, 0f);
            }
        }
        return new PaddedReference(v, steps, dim, length);
    }

    double[] validMean() {
        double[] mean = new double[dim];
        if (length == 0) {
            return mean;
        }
        for (int t = 0; t < length; t++) {
            for (int d = 0; d < dim; d++) {
                mean[d] += values[t * dim + d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= length;
        }
        return mean;
    }

    double[] validStd(double[] mean) {
        double[] std = new double[dim];
        if (length == 0) {
            return std;
        }
        for (int t = 0; t < length; t++) {
            for (int d = 0; d < dim; d++) {
                double diff = values[t * dim + d] - mean[d];
                std[d] += diff * diff;
            }
        }
        for (int d = 0; d < dim; d++) {
            std[d] = Math.sqrt(std[d] / length);
        }
        return std;
    }

    int hash() {
        return 31 * (31 * (31 * steps + dim) + length) + Arrays.hashCode(values);
    }
}
