package dev.cider.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a data source's output before anyone trains on it: one layout for every example, scores in
 * [-3, 3], non-empty text, unique ids. (Non-finite values are already refused when a {@link FeatureSequence}
 * is built.) Every error names the offending utterance.
 */
public final class ExampleValidator {

    private ExampleValidator() {
    }

    /**
     * Validates a list of examples and returns their common layout.
     * @param examples The examples (at least one).
     * @param sourceName A name for the source, used in error messages.
     * @return The layout shared by every example.
     * @throws IllegalArgumentException naming the source and the utterance at fault.
     */
    public static DataLayout validate(List<MultimodalExample> examples, String sourceName) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(sourceName + ": no examples");
        }
        DataLayout layout = DataLayout.of(examples.get(0));
        Set<String> ids = new HashSet<>();
        SpecialTokens special = examples.get(0).getSpecialTokens();
        for (MultimodalExample ex : examples) {
            try {
                layout.check(ex);
                SentimentTask.checkScore(ex.getScore());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(sourceName + ": " + e.getMessage(), e);
            }
            if (!ids.add(ex.getId())) {
                throw new IllegalArgumentException(sourceName + ": duplicate utterance id '" + ex.getId() + "'");
            }
            boolean hasWord = false;
            for (int t = 0; t < ex.getText().length() && !hasWord; t++) {
                hasWord = ex.getText().isDroppable(t, special);
            }
            if (!hasWord || ex.getRawText().isBlank()) {
                throw new IllegalArgumentException(sourceName + ": utterance '" + ex.getId() + "' has empty text");
            }
        }
        return layout;
    }
}
