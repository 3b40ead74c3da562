package dev.cider.eval.report;

import dev.cider.eval.sweep.SweepResult;

import java.io.Serializable;
import java.util.Objects;

/**
 * One row of a comparison: the sweep of one system in one setting.
 *
 * @param setting The setting's name (e.g. "IID" or "OOD"; a setting groups results swept the same way).
 * @param result  The sweep result.
 */
public record ComparisonRow(String setting, SweepResult result) implements Serializable {

    /**
     * Creates a row.
     * @param setting The setting, not blank.
     * @param result The result.
     */
    public ComparisonRow {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(result, "result");
        if (setting.isBlank()) {
            throw new IllegalArgumentException("A setting needs a name (system '" + result.system() + "')");
        }
        if (result.system() == null || result.system().isBlank()) {
            throw new IllegalArgumentException("A result in setting '" + setting + "' has no system name");
        }
    }
}
