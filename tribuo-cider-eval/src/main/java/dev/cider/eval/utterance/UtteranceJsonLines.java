package dev.cider.eval.utterance;

import dev.cider.model.Utterance;
import dev.cider.model.UtteranceEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON-lines file of new utterances: one {@link UtteranceJson utterance object} per line, blank lines skipped.
 * An utterance without an id gets {@code line-N}. Every error names the file and the line number.
 */
public final class UtteranceJsonLines {

    private UtteranceJsonLines() {
    }

    /**
     * Reads and checks every line.
     * @param file The file (UTF-8).
     * @param encoder When not null, each utterance is also checked against the model (text, frame dimensions and
     *                values), so that an error names its line.
     * @return The utterances, in file order.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException naming the file and line of the first bad utterance, or if there is none.
     */
    public static List<Utterance> read(Path file, UtteranceEncoder encoder) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--jsonl: no file at " + file.toAbsolutePath());
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Utterance> out = new ArrayList<>();
        Map<String, Integer> idLines = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int number = i + 1;
            try {
                Utterance u = UtteranceJson.parse(line, "line-" + number);
                Integer previous = idLines.putIfAbsent(u.id(), number);
                if (previous != null) {
                    throw new IllegalArgumentException("duplicate id '" + u.id() + "' (also on line " + previous + ")");
                }
                if (encoder != null) {
                    encoder.check(u);
                }
                out.add(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no utterance (one JSON object per line)");
        }
        return out;
    }
}
