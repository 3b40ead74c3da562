package dev.cider.eval.reproduce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a {@link ResultsDiff}: {@code identical}, {@code numbersCompared}, {@code numbersDiffering},
 * {@code undefinedOnOneSide}, {@code maxAbsoluteDifference} and {@code maxAt}, then {@code meanShifts} (setting,
 * system, task, quantity, metric, recordedMean, rerunMean, difference, seedSd, seeds, relativeToSpread),
 * {@code verdicts} (setting, first, second, quantity, metric, recorded, rerun, changed, recordedDifference,
 * rerunDifference), {@code differences} (where, recorded, rerun, difference) and {@code unmatched} (names). Undefined
 * numbers are null (and a relativeToSpread of infinity is the string "inf").
 */
final class ResultsDiffJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResultsDiffJson() {
    }

    /**
     * Builds the JSON form of a diff.
     * @param diff The diff.
     * @return The JSON object.
     */
    static ObjectNode toJson(ResultsDiff diff) {
        ObjectNode root = NODES.objectNode();
        root.put("title", diff.title());
        root.put("identical", diff.identical());
        root.put("numbersCompared", diff.numbersCompared());
        root.put("numbersDiffering", diff.numbersDiffering());
        root.put("undefinedOnOneSide", diff.undefinedOnOneSide());
        number(root, "maxAbsoluteDifference", diff.maxAbsoluteDifference());
        diff.largest().ifPresentOrElse(d -> root.put("maxAt", d.where()), () -> root.putNull("maxAt"));
        root.put("verdictsChanged", diff.changedVerdicts().size());
        ArrayNode shifts = root.putArray("meanShifts");
        for (MeanShift s : diff.shifts()) {
            ObjectNode n = shifts.addObject();
            n.put("setting", s.setting());
            n.put("system", s.system());
            n.put("task", s.task().name());
            n.put("quantity", s.quantity());
            n.put("metric", s.metric().key());
            number(n, "recordedMean", s.recordedMean());
            number(n, "rerunMean", s.rerunMean());
            number(n, "difference", s.difference());
            number(n, "seedSd", s.seedSd());
            n.put("seeds", s.seeds());
            double r = s.relativeToSpread();
            if (Double.isInfinite(r)) {
                n.put("relativeToSpread", "inf");
            } else {
                number(n, "relativeToSpread", r);
            }
        }
        ArrayNode verdicts = root.putArray("verdicts");
        for (VerdictComparison v : diff.verdicts()) {
            ObjectNode n = verdicts.addObject();
            n.put("setting", v.setting());
            n.put("first", v.pair().first());
            n.put("second", v.pair().second());
            n.put("quantity", v.quantity().name());
            n.put("metric", v.metric().key());
            n.put("recorded", v.recorded().name());
            n.put("rerun", v.rerun().name());
            n.put("changed", v.changed());
            number(n, "recordedDifference", v.recordedDifference());
            number(n, "rerunDifference", v.rerunDifference());
        }
        ArrayNode differences = root.putArray("differences");
        for (NumberDifference d : diff.differences()) {
            ObjectNode n = differences.addObject();
            n.put("where", d.where());
            number(n, "recorded", d.recorded());
            number(n, "rerun", d.rerun());
            number(n, "difference", d.difference());
        }
        ArrayNode unmatched = root.putArray("unmatched");
        diff.unmatched().forEach(unmatched::add);
        return root;
    }

    /** Writes a number, or null where undefined. */
    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
