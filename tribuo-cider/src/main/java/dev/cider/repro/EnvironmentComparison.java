package dev.cider.repro;

import dev.cider.model.CiderModel;
import dev.cider.runtime.NumericsEnvironment;

import java.util.List;
import java.util.Optional;

/**
 * The numerics environments of two trainings side by side (processor and instruction sets, ATen kernel set, the
 * variables that steer the native libraries, PyTorch's thread counts, the numerics mode, versions; see
 * {@link NumericsEnvironment}): a saved model's recorded one and that of a reproducing process, or those two models
 * record. Either side may be missing, for a model trained before environments were recorded.
 * <p>
 * On one machine in native numerics, two trainings with the same seed and data give the same model only when their
 * environments agree; an entry that differs is a likely cause of a model that differs.
 */
public final class EnvironmentComparison {

    private final NumericsEnvironment first;
    private final NumericsEnvironment second;

    private EnvironmentComparison(NumericsEnvironment first, NumericsEnvironment second) {
        this.first = first;
        this.second = second;
    }

    /**
     * Compares the environments two models record in their provenance.
     * @param first The first model (the saved one in a reproduction).
     * @param second The second model.
     * @return The comparison.
     * @throws IllegalArgumentException if a model's provenance holds a malformed environment entry.
     */
    public static EnvironmentComparison ofModels(CiderModel first, CiderModel second) {
        return new EnvironmentComparison(recordedIn(first).orElse(null), recordedIn(second).orElse(null));
    }

    /**
     * Compares a saved model's recorded environment with a process's.
     * @param saved The saved model.
     * @param process The environment of the process that reproduces it (e.g. {@link NumericsEnvironment#currentWithEngine()}).
     * @return The comparison.
     * @throws IllegalArgumentException if the model's provenance holds a malformed environment entry.
     */
    public static EnvironmentComparison ofProcess(CiderModel saved, NumericsEnvironment process) {
        return new EnvironmentComparison(recordedIn(saved).orElse(null), process);
    }

    /**
     * The environment a model's provenance records (its instance values, keys {@value NumericsEnvironment#PROVENANCE_PREFIX}*).
     * @param model The model.
     * @return The environment, or empty for a model trained before environments were recorded.
     */
    public static Optional<NumericsEnvironment> recordedIn(CiderModel model) {
        return NumericsEnvironment.fromProvenance(model.getProvenance().getInstanceProvenance().getMap());
    }

    /** @return The first side's environment, if recorded. */
    public Optional<NumericsEnvironment> first() {
        return Optional.ofNullable(first);
    }

    /** @return The second side's environment, if recorded. */
    public Optional<NumericsEnvironment> second() {
        return Optional.ofNullable(second);
    }

    /**
     * Whether both sides have an environment to compare.
     * @return True when both are recorded.
     */
    public boolean bothRecorded() {
        return first != null && second != null;
    }

    /**
     * What differs, one line per entry: {@code key: first value | second value} ({@link NumericsEnvironment#differences}).
     * @return The differences; empty when the environments agree or one of them is not recorded.
     */
    public List<String> differences() {
        return bothRecorded() ? first.differences(second) : List.of();
    }

    /**
     * Whether both environments are recorded and agree on every entry.
     * @return True when they are the same.
     */
    public boolean same() {
        return bothRecorded() && differences().isEmpty();
    }
}
