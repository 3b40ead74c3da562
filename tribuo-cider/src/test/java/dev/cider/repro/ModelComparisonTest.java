package dev.cider.repro;

import dev.cider.train.CiderArchitecture;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.model.CiderModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two independent trainings compared as {@code cider diff-models} does: the parameter comparison of a model with
 * itself and with a model of another seed, the refusal of models of different architectures, and the agreement of
 * their predictions.
 */
class ModelComparisonTest {

    private static MultimodalSplits splits;
    private static CiderModel a;
    private static CiderModel b;

    @BeforeAll
    static void train() {
        splits = MultimodalSplits.load(SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                .sizes(60, 20, 10).build());
        a = ReproductionFixtures.tinyTrainer(1, 1).train(splits);
        b = ReproductionFixtures.tinyTrainer(2, 1).train(splits);
    }

    @AfterAll
    static void close() {
        a.close();
        b.close();
    }

    @Test
    void aModelEqualsItselfAndDiffersFromAnotherSeed() {
        ParameterComparison same = ParameterComparison.between(a, a);
        assertTrue(same.identical());
        assertEquals(0.0, same.maxAbsDifference());
        assertEquals(0, same.differingValues());
        assertTrue(same.differingGroupsLargestFirst().isEmpty());
        assertTrue(same.totalValues() > 1000, "every value is compared: " + same.totalValues());

        ParameterComparison other = ParameterComparison.between(a, b);
        assertFalse(other.identical());
        assertTrue(other.maxAbsDifference() > 0);
        assertEquals(same.totalValues(), other.totalValues());
        assertEquals(same.groups().size(), other.groups().size());
        assertTrue(other.differingValues() <= other.totalValues());
        List<ParameterGroupComparison> largestFirst = other.differingGroupsLargestFirst();
        assertEquals(other.differingGroups().size(), largestFirst.size());
        assertEquals(other.maxAbsDifference(), largestFirst.get(0).maxAbsDifference());
        for (int i = 1; i < largestFirst.size(); i++) {
            assertTrue(largestFirst.get(i - 1).maxAbsDifference() >= largestFirst.get(i).maxAbsDifference(), largestFirst.toString());
        }
    }

    @Test
    void modelsOfDifferentArchitecturesAreRefused() {
        try (CiderModel narrow = ReproductionFixtures.tinyTrainer(1, 1).toBuilder()
                .architecture(CiderArchitecture.builder().size(8, 1, 2).build()).build().train(splits)) {
            ParameterComparison.requireSameArchitecture(a, b);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterComparison.requireSameArchitecture(a, narrow));
            assertTrue(e.getMessage().contains("different architectures"), e.getMessage());
            ParameterComparison c = ParameterComparison.between(a, narrow);
            assertFalse(c.identical());
            assertTrue(c.differingGroups().stream().anyMatch(ParameterGroupComparison::shapesDiffer), c.differingGroups().toString());
            assertTrue(Double.isNaN(c.maxAbsDifference()), "tensors of other shapes have no finite difference");
        }
    }

    @Test
    void predictionsAgreeWithThemselvesAndAreComparedUtteranceByUtterance() {
        List<MultimodalExample> test = splits.examples(DataSplit.TEST);
        PredictionAgreement self = PredictionAgreement.of("test", a.predict(test, true), a.predict(test, true));
        assertTrue(self.identical());
        assertEquals(test.size(), self.utterances());
        assertEquals(1.0, self.agreement());

        PredictionAgreement debiased = PredictionAgreement.of("test", a.predict(test, true), b.predict(test, true));
        assertEquals(PredictionAgreement.between(a, b, test, "test"), debiased, "the models debias by default");
        assertTrue(debiased.maxProbabilityDifference() > 0, debiased.toString());
        assertEquals((double) debiased.sameLabel() / test.size(), debiased.agreement());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictionAgreement.of("test", a.predict(test, true), a.predict(test.subList(1, test.size()), true)));
        assertTrue(e.getMessage().contains("Cannot compare " + test.size() + " predictions with " + (test.size() - 1)), e.getMessage());
    }
}
