package dev.cider.eval.compare;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.cider.data.SentimentTask;
import dev.cider.eval.baseline.Baselines;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.common.tree.RandomForestTrainer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeededTrainersTest {

    /** Every "seed" value in a provenance tree, depth first. */
    static List<Long> seeds(ObjectProvenance p) {
        List<Long> out = new ArrayList<>();
        for (Pair<String, Provenance> field : p) {
            if (field.getA().equals(SeededTrainers.SEED_PROPERTY) && field.getB() instanceof LongProvenance l) {
                out.add(l.getValue());
            } else if (field.getB() instanceof ObjectProvenance inner) {
                out.addAll(seeds(inner));
            }
        }
        return out;
    }

    @Test
    void everySeedOfATrainerAndOfTheTrainersInsideItIsSet() {
        Trainer<Label> forest = Baselines.trainer(Baselines.RANDOM_FOREST);
        List<Long> before = seeds(forest.getProvenance());
        assertEquals(2, before.size(), "the forest and its CART trainer each have a seed: " + before);
        Trainer<Label> seeded = SeededTrainers.withSeed(forest, 77L);
        assertInstanceOf(RandomForestTrainer.class, seeded);
        assertNotSame(forest, seeded);
        assertEquals(List.of(77L, 77L), seeds(seeded.getProvenance()));
        assertEquals(before, seeds(forest.getProvenance()), "the original trainer is unchanged");
        assertEquals(0, seeded.getInvocationCount());
    }

    @Test
    void aCiderTrainerKeepsEverySettingButItsSeed() {
        CiderTrainer cider = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(2, 16, 5)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
        CiderTrainer seeded = (CiderTrainer) SeededTrainers.withSeed(cider, 11L);
        assertEquals(List.of(11L), seeds(seeded.getProvenance()));
        String original = cider.getProvenance().getConfiguredParameters().toString().replace("seed=3", "seed=11");
        assertEquals(original, seeded.getProvenance().getConfiguredParameters().toString());
        assertTrue(SeededTrainers.isSeeded(cider));
    }

    @Test
    void aTrainerWithoutSeedsIsCopiedUnchanged() {
        Trainer<Label> cart = new CARTClassificationTrainer(4);
        assertTrue(SeededTrainers.isSeeded(cart), "CART draws feature subsets from its seed");
        Trainer<Label> copy = SeededTrainers.withSeed(cart, 5L);
        assertEquals(List.of(5L), seeds(copy.getProvenance()));
        assertEquals(cart.getProvenance().getConfiguredParameters().toString().replaceAll("seed=\\d+", "seed=5"),
                copy.getProvenance().getConfiguredParameters().toString());
    }
}
