package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a split assignment file ({@code id,mode}, see {@link SplitAssignments}) to another data source: the
 * utterances of all three splits of the inner source are pooled and re-partitioned by id, as for an OOD split
 * generated from text or published with a paper. Every utterance of the inner source must be assigned, and every
 * assigned id must exist. The assignment file's SHA-256 is recorded in the provenance, next to the inner source's
 * configuration.
 */
public final class ReassignedSource extends AbstractMultimodalSource {

    @Config(mandatory = true, description = "The data source whose utterances are re-partitioned (any split of it).")
    private MultimodalSource source;

    @Config(mandatory = true, description = "CSV of split assignments with the header id,mode.")
    private Path assignments;

    private ReassignedSource() {
    }

    /**
     * Creates a re-partitioned source.
     * @param source The inner source (any of its splits).
     * @param assignments The assignment CSV.
     * @param split The split to read.
     */
    public ReassignedSource(MultimodalSource source, Path assignments, DataSplit split) {
        super(split, source.getTask());
        this.source = source;
        this.assignments = assignments;
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (source.getTask() != task) {
            throw new PropertyException("", "task", "task " + task + " differs from the inner source's task " + source.getTask());
        }
    }

    @Override
    public SentimentTask getTask() {
        return source.getTask();
    }

    @Override
    protected List<MultimodalExample> loadExamples() {
        Map<String, DataSplit> assignment;
        try {
            assignment = SplitAssignments.read(assignments);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        List<MultimodalExample> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (DataSplit s : DataSplit.values()) {
            for (MultimodalExample ex : source.forSplit(s).examples()) {
                DataSplit target = assignment.get(ex.getId());
                if (target == null) {
                    throw new IllegalArgumentException(assignments + ": utterance '" + ex.getId() + "' of " + source + " is not assigned to a split");
                }
                seen.add(ex.getId());
                if (target == getSplit()) {
                    out.add(ex);
                }
            }
        }
        for (String id : assignment.keySet()) {
            if (!seen.contains(id)) {
                throw new IllegalArgumentException(assignments + ": assigned utterance '" + id + "' does not exist in " + source);
            }
        }
        return out;
    }

    @Override
    protected AbstractMultimodalSource copyForSplit(DataSplit split) {
        return new ReassignedSource(source, assignments, split);
    }

    @Override
    protected Map<String, Path> sourceFiles() {
        return Map.of("assignments", assignments);
    }

    @Override
    protected String syntheticModalities() {
        return syntheticModalitiesOf(source);
    }

    @Override
    protected String describeSource() {
        return "ReassignedSource(" + assignments.getFileName() + ", " + split + ")";
    }
}
