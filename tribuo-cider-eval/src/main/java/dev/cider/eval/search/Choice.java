package dev.cider.eval.search;

import com.oracle.labs.mlrg.olcut.config.Config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A categorical search dimension: one of a list of values, each drawn with the same probability (e.g. heads 1, 2, 4, 8).
 * Values are the text of the property, so any property type the configuration reads (numbers, booleans, enum names)
 * can be searched.
 */
public final class Choice extends SearchDimension {

    @Config(mandatory = true, description = "The values to choose from (distinct, at least one).")
    private List<String> values;

    private Choice() {
    }

    /**
     * Creates a choice.
     * @param property The trainer property.
     * @param values The values.
     */
    public Choice(String property, List<String> values) {
        super(property);
        this.values = new ArrayList<>(values);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (values == null || values.isEmpty()) {
            throw invalid("values", "needs at least one value");
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw invalid("values", "values must be distinct, found " + values);
        }
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw invalid("values", "a value is blank in " + values);
            }
        }
    }

    /** @return The values. */
    public List<String> values() {
        return List.copyOf(values);
    }

    @Override
    public String sample(SplittableRandom rng) {
        return values.get(rng.nextInt(values.size()));
    }

    @Override
    public String describe() {
        return "one of " + String.join(", ", values);
    }
}
