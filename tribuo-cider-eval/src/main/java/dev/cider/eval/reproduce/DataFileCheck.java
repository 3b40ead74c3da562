package dev.cider.eval.reproduce;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.FileProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.URLProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.cider.data.source.MultimodalSourceProvenance;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.CrossDataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The data files of an experiment checked against a results file: the SHA-256 of every file its data sources read, as
 * recorded in the results file's experiment provenance (instance values prefixed
 * {@value MultimodalSourceProvenance#FILE_HASH_PREFIX}), against the hashes the rebuilt experiment's sources compute
 * now. Sources wrapped by other sources are checked too, and so are the named cross-dataset corpora. A changed file does not stop a rerun, but its numbers may
 * then differ; a missing one does.
 *
 * @param files Every file, recorded ones first in recorded order, then files hashed now that were not recorded.
 */
public record DataFileCheck(List<DataFile> files) {

    /** The experiment's data source fields, in report order ({@code crossDatasets} is a list of named corpora). */
    private static final List<String> SOURCE_FIELDS = List.of("data", "oodData", "crossData", "crossDatasets");

    /**
     * Creates a check.
     * @param files The files.
     */
    public DataFileCheck {
        files = List.copyOf(files);
    }

    /**
     * Checks the files of a rebuilt experiment against the hashes recorded in its provenance. Hashing reads the files
     * and loads each source's examples (the provenance records their number); a source that fails to do so has its
     * recorded files reported {@link DataFile.Status#MISSING} with the error.
     * @param recorded The experiment provenance recorded in the results file.
     * @param rebuilt The experiment rebuilt from it.
     * @return The check.
     */
    public static DataFileCheck of(ObjectProvenance recorded, ComparisonExperiment rebuilt) {
        Map<String, Provenance> recordedFields = fields(recorded);
        Map<String, Provenancable<?>> sources = new LinkedHashMap<>();
        sources.put("data", rebuilt.data());
        sources.put("oodData", rebuilt.oodData());
        sources.put("crossData", rebuilt.crossData());
        List<CrossDataset> corpora = rebuilt.crossCorpora();
        List<CrossDataset> named = corpora.subList(rebuilt.crossData() == null ? 0 : 1, corpora.size());
        sources.put("crossDatasets", named.isEmpty() ? null : () -> new ListProvenance<>(named.stream().map(CrossDataset::getProvenance).toList()));
        Map<String, String> settings = Map.of("data", rebuilt.dataName(), "oodData", rebuilt.oodDataName(), "crossData", rebuilt.crossDataName(),
                "crossDatasets", named.stream().map(CrossDataset::name).collect(Collectors.joining(", ")));
        List<DataFile> out = new ArrayList<>();
        for (String field : SOURCE_FIELDS) {
            String label = field + " (" + settings.get(field) + ")";
            Map<String, HashedFile> before = new LinkedHashMap<>();
            hashes(label, recordedFields.get(field), before);
            Map<String, HashedFile> now = new LinkedHashMap<>();
            String error = null;
            Provenancable<?> source = sources.get(field);
            if (source != null) {
                try {
                    hashes(label, source.getProvenance(), now);
                } catch (RuntimeException e) {
                    error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
            } else if (!before.isEmpty()) {
                error = "the rebuilt experiment has no " + field;
            }
            for (Map.Entry<String, HashedFile> e : before.entrySet()) {
                HashedFile r = e.getValue();
                HashedFile c = now.get(e.getKey());
                if (c == null) {
                    out.add(new DataFile(r.source, r.sourceClass, r.file, r.hash, null, DataFile.Status.MISSING,
                            error != null ? error : "the rebuilt source no longer reads it"));
                } else {
                    DataFile.Status status = r.hash.equalsIgnoreCase(c.hash) ? DataFile.Status.UNCHANGED : DataFile.Status.CHANGED;
                    out.add(new DataFile(r.source, r.sourceClass, r.file, r.hash, c.hash, status, c.locations));
                }
            }
            for (Map.Entry<String, HashedFile> e : now.entrySet()) {
                if (!before.containsKey(e.getKey())) {
                    HashedFile c = e.getValue();
                    out.add(new DataFile(c.source, c.sourceClass, c.file, null, c.hash, DataFile.Status.UNRECORDED, c.locations));
                }
            }
        }
        return new DataFileCheck(out);
    }

    /** @return True if every recorded file has its recorded hash and no file is unrecorded. */
    public boolean unchanged() {
        return files.stream().allMatch(f -> f.status() == DataFile.Status.UNCHANGED);
    }

    /** @return The files that are not unchanged, in order. */
    public List<DataFile> problems() {
        return files.stream().filter(f -> f.status() != DataFile.Status.UNCHANGED).toList();
    }

    /** @return The recorded files that cannot be hashed now. */
    public List<DataFile> missing() {
        return files.stream().filter(f -> f.status() == DataFile.Status.MISSING).toList();
    }

    /**
     * Renders the check for people: a summary line, then one line per file that is not unchanged.
     * @return The text, lines ending in '\n'.
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        if (files.isEmpty()) {
            return "Data files: none recorded (the data sources read no files, e.g. generated data).\n";
        }
        List<DataFile> problems = problems();
        sb.append(String.format(Locale.ROOT, "Data files: %d recorded with their SHA-256, %s.", files.stream()
                .filter(f -> f.recorded() != null).count(), problems.isEmpty() ? "all unchanged" : problems.size() + " not as recorded"))
                .append('\n');
        for (DataFile f : problems) {
            sb.append("  ").append(f.describe()).append('\n');
        }
        return sb.toString();
    }

    /** A file's hash as found in a provenance. */
    private record HashedFile(String source, String sourceClass, String file, String hash, String locations) {
    }

    private static Map<String, Provenance> fields(ObjectProvenance provenance) {
        Map<String, Provenance> out = new LinkedHashMap<>();
        for (Pair<String, Provenance> p : provenance) {
            out.put(p.getA(), p.getB());
        }
        return out;
    }

    /** Collects the file hashes of a source's provenance and of the sources inside it, keyed by source and file. */
    private static void hashes(String label, Provenance provenance, Map<String, HashedFile> out) {
        if (provenance instanceof ConfiguredObjectProvenance source) {
            String className = source.getClassName();
            String simpleName = className.substring(className.lastIndexOf('.') + 1);
            Map<String, String> files = new TreeMap<>();
            for (Map.Entry<String, PrimitiveProvenance<?>> e : source.getInstanceValues().entrySet()) {
                if (e.getKey().startsWith(MultimodalSourceProvenance.FILE_HASH_PREFIX)) {
                    files.put(e.getKey().substring(MultimodalSourceProvenance.FILE_HASH_PREFIX.length()), String.valueOf(e.getValue().getValue()));
                }
            }
            String locations = locations(source);
            for (Map.Entry<String, String> f : files.entrySet()) {
                out.put(label + "\u0000" + f.getKey(), new HashedFile(label, simpleName, f.getKey(), f.getValue(), locations));
            }
            for (Map.Entry<String, Provenance> e : new TreeMap<>(source.getConfiguredParameters()).entrySet()) {
                hashes(label + "." + e.getKey(), e.getValue(), out);
            }
        } else if (provenance instanceof ListProvenance<?> list) {
            for (int i = 0; i < list.getList().size(); i++) {
                hashes(label + "[" + i + "]", list.getList().get(i), out);
            }
        }
    }

    /** The file and URL parameters a source is configured with, e.g. "path=/data/label.csv". */
    private static String locations(ConfiguredObjectProvenance source) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Provenance> e : new TreeMap<>(source.getConfiguredParameters()).entrySet()) {
            if (e.getValue() instanceof FileProvenance || e.getValue() instanceof URLProvenance) {
                out.add(e.getKey() + "=" + ((PrimitiveProvenance<?>) e.getValue()).getValue());
            }
        }
        return String.join(", ", out);
    }
}
