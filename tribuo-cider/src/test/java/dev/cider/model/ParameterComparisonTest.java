package dev.cider.model;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterComparisonTest {

    private static MultimodalSplits splits;

    @BeforeAll
    static void data() {
        splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                .sizes(60, 20, 10).build());
    }

    private static CiderTrainer tiny(long seed, int hidden) {
        return new CiderTrainer(SentimentTask.BINARY, seed).setSchedule(1, 16, 5).setArchitecture(hidden, 1, 2).setShowProgress(false);
    }

    @Test
    void aModelEqualsItselfAndDiffersFromAnotherSeed() {
        try (CiderModel a = tiny(1, 16).train(splits); CiderModel b = tiny(2, 16).train(splits)) {
            ParameterComparison same = ParameterComparison.of(a, a);
            assertTrue(same.bitIdentical());
            assertEquals(0.0, same.maxAbsDifference());
            assertEquals(0, same.differingValues());
            assertTrue(same.size() > 1000, "every value is compared: " + same.size());

            ParameterComparison other = ParameterComparison.of(a, b);
            assertFalse(other.bitIdentical());
            assertTrue(other.maxAbsDifference() > 0);
            assertEquals(same.size(), other.size());
            assertEquals(same.parameters().size(), other.parameters().size());
            ParameterComparison.ParameterDifference largest = other.parameters().stream()
                    .max(java.util.Comparator.comparingDouble(ParameterComparison.ParameterDifference::maxAbsDifference)).orElseThrow();
            assertEquals(other.maxAbsDifference(), largest.maxAbsDifference());
            assertTrue(other.differingValues() <= other.size());
        }
    }

    @Test
    void modelsOfDifferentArchitecturesAreRefused() {
        try (CiderModel a = tiny(1, 16).train(splits); CiderModel b = tiny(1, 8).train(splits)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterComparison.of(a, b));
            assertTrue(e.getMessage().contains("different architectures"), e.getMessage());
        }
    }
}
