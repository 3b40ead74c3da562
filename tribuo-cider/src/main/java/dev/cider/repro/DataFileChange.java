package dev.cider.repro;

/**
 * A data file (or a text encoder's model) whose content differs from the one a model was trained on: the SHA-256
 * recorded in the model's data provenance is not that of the file now.
 *
 * @param file The file's path, or a description when the provenance does not say which file the hash belongs to.
 * @param recordedSha256 The hash recorded at training time.
 * @param currentSha256 The hash of the file now.
 * @param provenancePath Where the hash is in the data source's provenance (e.g. {@code source.sha256:csv}).
 */
public record DataFileChange(String file, String recordedSha256, String currentSha256, String provenancePath) {

    /**
     * The change as one line.
     * @return {@code data file FILE changed: sha256 RECORDED != CURRENT}.
     */
    public String message() {
        return "data file " + file + " changed: sha256 " + recordedSha256 + " != " + currentSha256;
    }
}
