package dev.cider.eval.search;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.SystemSpec;
import dev.cider.missing.Rmfm;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dimensions, their draws and the search's validation of its space. */
class SearchSpaceTest {

    @Test
    void aGridRangeDrawsEveryGridPointAndNothingElse() {
        FloatRange dropout = new FloatRange("outputDropout", 0.0, 0.5, false, 0.1);
        SplittableRandom rng = new SplittableRandom(1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            seen.add(dropout.sample(rng));
        }
        assertEquals(Set.of("0", "0.1", "0.2", "0.3", "0.4", "0.5"), seen);
    }

    @Test
    void aLogRangeStaysInsideAndSpreadsOverTheDecades() {
        FloatRange lr = new FloatRange("learningRate", 1e-4, 1e-2, true, 0);
        SplittableRandom rng = new SplittableRandom(2);
        int below1e3 = 0;
        for (int i = 0; i < 1000; i++) {
            double v = Double.parseDouble(lr.sample(rng));
            assertTrue(v >= 1e-4 && v <= 1e-2, "" + v);
            below1e3 += v < 1e-3 ? 1 : 0;
        }
        // log-uniform: about half the draws fall in the lower decade (a uniform draw would put about 9% there)
        assertTrue(below1e3 > 400 && below1e3 < 600, "" + below1e3);
    }

    @Test
    void integerRangesAndChoicesDrawTheirValues() {
        IntRange layers = new IntRange("layers", 1, 5, 2);
        Choice heads = new Choice("heads", List.of("1", "2", "4", "8"));
        SplittableRandom rng = new SplittableRandom(3);
        Set<String> l = new HashSet<>();
        Set<String> h = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            l.add(layers.sample(rng));
            h.add(heads.sample(rng));
        }
        assertEquals(Set.of("1", "3", "5"), l);
        assertEquals(Set.of("1", "2", "4", "8"), h);
    }

    @Test
    void refusesMalformedDimensions() {
        assertThrows(PropertyException.class, () -> new FloatRange("learningRate", 0.1, 0.01, false, 0));
        PropertyException log = assertThrows(PropertyException.class, () -> new FloatRange("learningRate", 0.0, 0.01, true, 0));
        assertTrue(log.getMessage().contains("learningRate") && log.getMessage().contains("low > 0"), log.getMessage());
        assertThrows(PropertyException.class, () -> new IntRange("layers", 4, 1, 1));
        assertThrows(PropertyException.class, () -> new IntRange("layers", 1, 4, 0));
        assertThrows(PropertyException.class, () -> new Choice("heads", List.of("2", "2")));
        assertThrows(PropertyException.class, () -> new Choice("heads", List.of()));
    }

    private static ComparisonExperiment base(CiderTrainer cider) {
        SyntheticSource data = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 20).build();
        return new ComparisonExperiment("base", data, null, List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)),
                new SystemSpec("CIDer", cider)), List.of(new Rmfm()), new double[] {0.0, 1.0}, 0);
    }

    private static CiderTrainer cider() {
        return CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(4, 16, 5).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
    }

    @Test
    void theSearchFindsTheCiderSystemAndRefusesPropertiesItDoesNotHave() {
        List<SearchDimension> space = List.of(new FloatRange("learningRate", 1e-4, 1e-2, true, 0));
        SearchExperiment s = new SearchExperiment(base(cider()), space, SearchStrategy.SUCCESSIVE_HALVING, 6, 3, 1, 0, 1, List.of());
        assertEquals("CIDer", s.baseSystem().name());
        assertEquals(4, s.maxEpochs(), "the base trainer's epochs");
        PropertyException unknown = assertThrows(PropertyException.class, () -> new SearchExperiment(base(cider()),
                List.of(new FloatRange("learningRat", 1e-4, 1e-2, true, 0)), SearchStrategy.RANDOM, 6, 3, 1, 0, 1, List.of()));
        assertTrue(unknown.getMessage().contains("'learningRat'"), unknown.getMessage());
        PropertyException epochs = assertThrows(PropertyException.class, () -> new SearchExperiment(base(cider()),
                List.of(new IntRange("epochs", 1, 4, 1)), SearchStrategy.SUCCESSIVE_HALVING, 6, 3, 1, 0, 1, List.of()));
        assertTrue(epochs.getMessage().contains("epochs"), epochs.getMessage());
        assertThrows(PropertyException.class, () -> new SearchExperiment(base(cider()),
                List.of(new IntRange("seed", 1, 4, 1)), SearchStrategy.RANDOM, 6, 3, 1, 0, 1, List.of()));
        assertThrows(PropertyException.class, () -> new SearchExperiment(base(cider()), List.of(new IntRange("architecture.layers", 1, 4, 1),
                new IntRange("architecture.layers", 1, 2, 1)), SearchStrategy.RANDOM, 6, 3, 1, 0, 1, List.of()));
        // a network setting is named through the trainer's architecture; its bare name is refused with that hint
        PropertyException bare = assertThrows(PropertyException.class, () -> new SearchExperiment(base(cider()),
                List.of(new IntRange("layers", 1, 4, 1)), SearchStrategy.RANDOM, 6, 3, 1, 0, 1, List.of()));
        assertTrue(bare.getMessage().contains("architecture.layers"), bare.getMessage());
        assertThrows(PropertyException.class, () -> new SearchExperiment(base(cider()),
                List.of(new IntRange("architecture.layer", 1, 4, 1)), SearchStrategy.RANDOM, 6, 3, 1, 0, 1, List.of()));
        assertThrows(PropertyException.class, () -> new SearchExperiment(base(cider()),
                List.of(new FloatRange("learningRate.value", 0.1, 0.2, false, 0)), SearchStrategy.RANDOM, 6, 3, 1, 0, 1, List.of()));
        // a trainer component (the training pattern) is not a value a dimension can set
        assertThrows(PropertyException.class, () -> new SearchExperiment(base(cider()),
                List.of(new Choice("trainingPattern", List.of("rmfm"))), SearchStrategy.RANDOM, 6, 3, 1, 0, 1, List.of()));
    }

    @Test
    void candidatesDependOnTheSearchSeedAlone() {
        List<SearchDimension> space = List.of(new FloatRange("learningRate", 1e-4, 1e-2, true, 0), new Choice("architecture.heads", List.of("1", "2", "4")),
                new FloatRange("jointWeight", 0, 1, false, 0.1));
        List<Candidate> a = new SearchExperiment(base(cider()), space, SearchStrategy.RANDOM, 5, 3, 1, 0, 11, List.of()).drawCandidates();
        List<Candidate> b = new SearchExperiment(base(cider()), space, SearchStrategy.RANDOM, 5, 3, 1, 0, 11, List.of()).drawCandidates();
        List<Candidate> c = new SearchExperiment(base(cider()), space, SearchStrategy.RANDOM, 5, 3, 1, 0, 12, List.of()).drawCandidates();
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(List.of("c01", "c02", "c03", "c04", "c05"), a.stream().map(Candidate::name).toList());
        assertEquals(List.of("learningRate", "architecture.heads", "jointWeight"), List.copyOf(a.get(0).values().keySet()));
    }

    @Test
    void theBaseCandidateCarriesTheHandSetValuesAndCandidateTrainersTakeTheDrawnOnes() {
        CiderTrainer cider = cider();
        SearchExperiment s = new SearchExperiment(base(cider), List.of(new Choice("architecture.heads", List.of("1", "4")),
                new IntRange("architecture.layers", 1, 3, 1)), SearchStrategy.RANDOM, 2, 3, 1, 0, 1, List.of());
        assertEquals(Map.of("architecture.heads", "2", "architecture.layers", "1"), s.baseCandidate().values());
        CiderTrainer built = CandidateTrainers.build(cider, Map.of("architecture.heads", "4", "architecture.layers", "3", "epochs", "1"));
        assertEquals(4, built.getArchitecture().heads());
        assertEquals(3, built.getArchitecture().layers());
        assertEquals(16, built.getArchitecture().hiddenDim(), "an unsearched architecture setting keeps the base's value");
        assertEquals("1", CandidateTrainers.value(built, "epochs").orElseThrow());
        assertEquals("4", CandidateTrainers.value(built, "architecture.heads").orElseThrow());
        assertEquals("2", CandidateTrainers.value(cider, "architecture.heads").orElseThrow(), "the base is unchanged");
        assertEquals(2, cider.getArchitecture().heads(), "the base is unchanged");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CandidateTrainers.build(cider, Map.of("architecture.heads", "3")));
        assertTrue(refused.getMessage().contains("divisible"), refused.getMessage());
    }

    @Test
    void aSharedNestedComponentIsCopiedBeforeItGetsASearchedValue() {
        List<ConfigurationData> config = new ArrayList<>(List.of(
                new ConfigurationData("a", CiderTrainer.class.getName(), new java.util.HashMap<>(Map.of("architecture", new SimpleProperty("net")))),
                new ConfigurationData("b", CiderTrainer.class.getName(), new java.util.HashMap<>(Map.of("architecture", new SimpleProperty("net")))),
                new ConfigurationData("net", CiderArchitecture.class.getName(), new java.util.HashMap<>(Map.of("heads", new SimpleProperty("2"))))));
        CandidateTrainers.setProperties(config, "a", Map.of("architecture.heads", "4"));
        String copied = ((SimpleProperty) config.get(0).get("architecture").orElseThrow()).getValue();
        assertNotEquals("net", copied);
        ConfigurationData net = config.stream().filter(d -> d.getName().equals("net")).findFirst().orElseThrow();
        ConfigurationData copy = config.stream().filter(d -> d.getName().equals(copied)).findFirst().orElseThrow();
        assertEquals("2", ((SimpleProperty) net.get("heads").orElseThrow()).getValue(), "the other trainer's architecture is unchanged");
        assertEquals("4", ((SimpleProperty) copy.get("heads").orElseThrow()).getValue());
        assertEquals("net", ((SimpleProperty) config.get(1).get("architecture").orElseThrow()).getValue());
        IllegalArgumentException notComponent = assertThrows(IllegalArgumentException.class,
                () -> CandidateTrainers.setProperties(config, "a", Map.of("seed.value", "1")));
        assertTrue(notComponent.getMessage().contains("'seed'"), notComponent.getMessage());
    }
}
