package dev.cider.repro;

import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.FileProvenance;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the data files that changed since training by walking the recorded provenance of a data source and the
 * provenance of the same source rebuilt now (which hashes the files as they are) side by side: every data hash
 * (a file's SHA-256, a text encoder's model hash) that differs is a {@link DataFileChange}. The file is named by the
 * path recorded beside the hash whose current content has the new hash.
 */
final class DataFileCheck {

    private DataFileCheck() {
    }

    /**
     * The changed files of a data source.
     * @param recorded The provenance recorded in the model.
     * @param current The provenance of the rebuilt source.
     * @return The changes, in provenance order.
     */
    static List<DataFileChange> changes(ObjectProvenance recorded, ObjectProvenance current) {
        List<DataFileChange> out = new ArrayList<>();
        walk("", recorded, current, out);
        return out;
    }

    private static void walk(String path, Provenance recorded, Provenance current, List<DataFileChange> out) {
        Map<String, Provenance> a = ProvenanceDiff.entries(recorded);
        Map<String, Provenance> b = ProvenanceDiff.entries(current);
        for (Map.Entry<String, Provenance> e : a.entrySet()) {
            String key = e.getKey();
            String p = path.isEmpty() ? key : path + "." + key;
            Provenance now = b.get(key);
            if (now == null) {
                continue;
            }
            if (ProvenanceDiff.isDataHashKey(key) && e.getValue() instanceof PrimitiveProvenance && now instanceof PrimitiveProvenance) {
                String before = String.valueOf(((PrimitiveProvenance<?>) e.getValue()).getValue());
                String after = String.valueOf(((PrimitiveProvenance<?>) now).getValue());
                if (!before.equalsIgnoreCase(after)) {
                    out.add(new DataFileChange(fileOf(key, after, b, current), before, after, p));
                }
            } else if (isKeyed(e.getValue()) && isKeyed(now)) {
                walk(p, e.getValue(), now, out);
            }
        }
    }

    private static boolean isKeyed(Provenance p) {
        return p instanceof ObjectProvenance || p instanceof MapProvenance;
    }

    /** The recorded file whose content has the new hash; the only recorded file; else a description of the key. */
    private static String fileOf(String key, String newHash, Map<String, Provenance> node, Provenance owner) {
        List<File> files = new ArrayList<>();
        for (Provenance p : node.values()) {
            if (p instanceof FileProvenance) {
                files.add(((FileProvenance) p).getValue());
            }
        }
        for (File f : files) {
            if (f.isFile() && newHash.equalsIgnoreCase(ProvenanceUtil.hashResource(ProvenanceUtil.HashType.SHA256, f))) {
                return f.getPath();
            }
        }
        if (files.size() == 1) {
            return files.get(0).getPath();
        }
        String className = owner instanceof ObjectProvenance ? ((ObjectProvenance) owner).getClassName() : "";
        return "'" + key + "' of " + className.substring(className.lastIndexOf('.') + 1);
    }
}
