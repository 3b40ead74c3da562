package dev.cider.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Parameter counts per module of an initialised block, for reports and the {@code cider params} command.
 */
public final class ParameterTable {

    /**
     * One module's count.
     * @param module The module name.
     * @param parameters Its number of scalar parameters.
     */
    public record Row(String module, long parameters) {
    }

    private final List<Row> rows;

    private ParameterTable(List<Row> rows) {
        this.rows = Collections.unmodifiableList(new ArrayList<>(rows));
    }

    /**
     * The number of scalar parameters of a block and its children.
     * @param block The block, initialised (its parameter shapes known).
     * @return The count.
     * @throws IllegalStateException naming a parameter whose shape is unknown.
     */
    public static long count(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Shape shape = p.getValue().getShape();
            if (shape == null) {
                throw new IllegalStateException("Parameter '" + p.getKey() + "' of " + block.getClass().getSimpleName()
                        + " has no shape yet: initialize the block before counting its parameters");
            }
            total += shape.size();
        }
        return total;
    }

    /**
     * A table with one row per direct child of a block (the child name without DJL's numeric prefix), plus one
     * row {@code (own)} for the block's direct parameters if it has any.
     * @param block The initialised block.
     * @return The table.
     */
    public static ParameterTable ofChildren(Block block) {
        Builder b = builder();
        long own = 0;
        for (Parameter p : block.getDirectParameters().values()) {
            if (p.getShape() == null) {
                throw new IllegalStateException("Parameter '" + p.getName() + "' has no shape yet: initialize the block first");
            }
            own += p.getShape().size();
        }
        if (own > 0) {
            b.add("(own)", own);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            b.add(child.getKey().replaceFirst("^\\d+", ""), child.getValue());
        }
        return b.build();
    }

    /**
     * A new builder.
     * @return The builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * This table with one more row.
     * @param module The module name.
     * @param parameters Its count.
     * @return A new table.
     */
    public ParameterTable with(String module, long parameters) {
        List<Row> more = new ArrayList<>(rows);
        more.add(new Row(module, parameters));
        return new ParameterTable(more);
    }

    /**
     * The rows, in insertion order.
     * @return The rows.
     */
    public List<Row> rows() {
        return rows;
    }

    /**
     * The count of a module.
     * @param module The module name.
     * @return Its count.
     * @throws IllegalArgumentException if there is no such row.
     */
    public long get(String module) {
        for (Row r : rows) {
            if (r.module().equals(module)) {
                return r.parameters();
            }
        }
        throw new IllegalArgumentException("No module '" + module + "' in the parameter table; modules: " + rows);
    }

    /**
     * The sum of all rows.
     * @return The total.
     */
    public long total() {
        long total = 0;
        for (Row r : rows) {
            total += r.parameters();
        }
        return total;
    }

    /**
     * A plain-text table, one module per line, then {@code total <n>}.
     * @return The text (lines end with a newline).
     */
    public String format() {
        int width = "total".length();
        for (Row r : rows) {
            width = Math.max(width, r.module().length());
        }
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s %10d%n", r.module(), r.parameters()));
        }
        sb.append("total ").append(total()).append(System.lineSeparator());
        return sb.toString();
    }

    @Override
    public String toString() {
        return rows.toString();
    }

    /**
     * Builds a {@link ParameterTable}.
     */
    public static final class Builder {
        private final List<Row> rows = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a row counting the parameters of some blocks.
         * @param module The module name.
         * @param blocks The blocks forming the module.
         * @return This builder.
         */
        public Builder add(String module, Block... blocks) {
            long n = 0;
            for (Block b : blocks) {
                n += count(b);
            }
            rows.add(new Row(module, n));
            return this;
        }

        /**
         * Adds a row with a given count.
         * @param module The module name.
         * @param parameters The count.
         * @return This builder.
         */
        public Builder add(String module, long parameters) {
            rows.add(new Row(module, parameters));
            return this;
        }

        /**
         * Builds the table.
         * @return The table.
         */
        public ParameterTable build() {
            return new ParameterTable(rows);
        }
    }
}
