package dev.cider.eval.compare;

/**
 * Creates a {@link TrialEngine} of one kind, found by {@link TrialEngines} with {@link java.util.ServiceLoader}: an
 * optional module (e.g. {@code tribuo-cider-spark}) lists its provider in
 * {@code META-INF/services/dev.cider.eval.compare.TrialEngineProvider}, so the evaluation module does not depend on it.
 */
public interface TrialEngineProvider {

    /** @return The engine's name, as given to {@code --engine} (e.g. "spark"). */
    String name();

    /**
     * Creates an engine.
     * @param settings The engine settings from the command line.
     * @return The engine; the caller closes it.
     * @throws IllegalArgumentException if the settings do not suit this engine; the message names the problem.
     */
    TrialEngine create(TrialEngineSettings settings);
}
