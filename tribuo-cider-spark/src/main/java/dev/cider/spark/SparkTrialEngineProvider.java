package dev.cider.spark;

import dev.cider.eval.compare.TrialEngine;
import dev.cider.eval.compare.TrialEngineProvider;
import dev.cider.eval.compare.TrialEngineSettings;

/**
 * Makes the {@link SparkTrialEngine} available as {@code --engine spark} (found through {@link java.util.ServiceLoader}).
 */
public final class SparkTrialEngineProvider implements TrialEngineProvider {

    /** The engine's name. */
    public static final String NAME = "spark";

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public SparkTrialEngineProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrialEngine create(TrialEngineSettings settings) {
        return SparkTrialEngine.start(settings);
    }
}
