package dev.cider.eval.search;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.SeededTrainers;
import dev.cider.eval.compare.SystemSpec;
import dev.cider.metrics.SentimentMetric;
import dev.cider.missing.MissingPattern;
import dev.cider.train.CiderTrainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A hyper-parameter search for the CIDer system of a base comparison experiment: the space ({@code dimensions}, each
 * naming a property of the base trainer), how the budget is spent ({@code strategy}: random search, or successive
 * halving on epochs), and how candidates are scored: the AUILC of {@code metric} under {@code pattern} (default the
 * base experiment's first pattern), over the base experiment's rates and mask seeds, on the base corpus's VALID split,
 * averaged over {@code trainingSeeds}. Test utterances take no part in the choice; the chosen configuration is tested
 * only afterwards (see {@link SearchRunner}).
 * <p>
 * The candidates are drawn from {@code searchSeed} alone, so a rerun draws the same ones.
 */
public final class SearchExperiment implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    @Config(description = "Title of the search's report.")
    private String title = "CIDer hyper-parameter search";

    @Config(mandatory = true, description = "The comparison experiment whose corpus (its 'data'), rates, mask seeds, pattern and CIDer"
            + " system the search uses; best-config.xml is this experiment with its CIDer trainer replaced by the chosen values.")
    private ComparisonExperiment baseExperiment;

    @Config(description = "The CIDer trainer to search around: the trainer of one of the base experiment's systems (default: the"
            + " first system trained by a CiderTrainer).")
    private CiderTrainer baseTrainer;

    @Config(mandatory = true, description = "The search space: one dimension per trainer property (FloatRange, IntRange, Choice).")
    private List<SearchDimension> dimensions;

    @Config(description = "RANDOM (every candidate trained with maxEpochs) or SUCCESSIVE_HALVING (the default).")
    private SearchStrategy strategy = SearchStrategy.SUCCESSIVE_HALVING;

    @Config(description = "How many candidates are drawn (at least 1).")
    private int candidates = 9;

    @Config(description = "Successive halving's reduction factor: the best 1/eta of a rung go on with eta times the epochs (at least 2).")
    private int eta = 3;

    @Config(description = "Epochs of successive halving's first rung (at least 1).")
    private int minEpochs = 1;

    @Config(description = "Epochs of the last rung and of random search (0, the default: the base trainer's epochs). Early stopping"
            + " on the valid split (the trainer's patience) still applies.")
    private int maxEpochs = 0;

    @Config(description = "Seed of the candidates' draw.")
    private long searchSeed = 1;

    @Config(description = "Training seeds of every candidate (each candidate's score is the mean over them). Empty (the default):"
            + " each candidate once, with the base trainer's seed.")
    private long[] trainingSeeds = new long[0];

    @Config(description = "The metric whose AUILC on the valid split scores a candidate: acc2 (the default), f1, acc2-has0, f1-has0,"
            + " acc3 or acc7.")
    private String metric = SentimentMetric.ACC2_NON0.key();

    @Config(description = "The missing pattern of the score (default: the base experiment's first pattern).")
    private MissingPattern pattern;

    @Config(description = "If true (the default), the hand-set base trainer is scored beside the candidates (named 'base', always"
            + " kept through the rungs) and tested beside the chosen configuration after the choice.")
    private boolean compareWithBase = true;

    private SystemSpec baseSystem;

    private SearchExperiment() {
    }

    /**
     * Creates a search.
     * @param baseExperiment The base experiment.
     * @param dimensions The space.
     * @param strategy The strategy.
     * @param candidates How many candidates.
     * @param eta The reduction factor.
     * @param minEpochs The epochs of the first rung.
     * @param maxEpochs The epochs of the last rung (0: the base trainer's).
     * @param searchSeed The seed of the draw.
     * @param trainingSeeds The training seeds (may be empty).
     */
    public SearchExperiment(ComparisonExperiment baseExperiment, List<SearchDimension> dimensions, SearchStrategy strategy, int candidates,
                            int eta, int minEpochs, int maxEpochs, long searchSeed, List<Long> trainingSeeds) {
        this.baseExperiment = baseExperiment;
        this.dimensions = new ArrayList<>(dimensions);
        this.strategy = strategy;
        this.candidates = candidates;
        this.eta = eta;
        this.minEpochs = minEpochs;
        this.maxEpochs = maxEpochs;
        this.searchSeed = searchSeed;
        this.trainingSeeds = trainingSeeds.stream().mapToLong(Long::longValue).toArray();
        postConfig();
    }

    @Override
    public void postConfig() {
        baseSystem = findBaseSystem();
        baseTrainer = (CiderTrainer) baseSystem.trainer();
        if (dimensions == null || dimensions.isEmpty()) {
            throw new PropertyException("", "dimensions", "A search needs at least one dimension");
        }
        Set<String> seen = new HashSet<>();
        for (SearchDimension d : dimensions) {
            String p = d.property();
            if (!CandidateTrainers.hasSimpleProperty(baseTrainer.getClass(), p)) {
                throw new PropertyException("", "dimensions", "Search dimension names property '" + p + "', which "
                        + baseTrainer.getClass().getSimpleName() + " does not have (or which is not a number, boolean, text or enum); network"
                        + " properties are named through the trainer's architecture, e.g. architecture." + p);
            }
            if (!seen.add(p)) {
                throw new PropertyException("", "dimensions", "Two search dimensions set property '" + p + "'");
            }
            if (p.equals(SeededTrainers.SEED_PROPERTY)) {
                throw new PropertyException("", "dimensions", "The seed is not a hyper-parameter; give trainingSeeds instead");
            }
            if (p.equals(CandidateTrainers.EPOCHS) && strategy == SearchStrategy.SUCCESSIVE_HALVING) {
                throw new PropertyException("", "dimensions", "Successive halving sets 'epochs' itself (minEpochs to maxEpochs);"
                        + " it cannot also be a search dimension");
            }
        }
        if (candidates < 1) {
            throw new PropertyException("", "candidates", "candidates must be at least 1, found " + candidates);
        }
        if (eta < 2) {
            throw new PropertyException("", "eta", "eta must be at least 2, found " + eta);
        }
        if (minEpochs < 1) {
            throw new PropertyException("", "minEpochs", "minEpochs must be at least 1, found " + minEpochs);
        }
        if (maxEpochs < 0 || (strategy == SearchStrategy.SUCCESSIVE_HALVING && maxEpochs() < minEpochs)) {
            throw new PropertyException("", "maxEpochs", "maxEpochs must be 0 (the base trainer's) or at least minEpochs (" + minEpochs
                    + "), found " + maxEpochs() + (maxEpochs == 0 ? " (the base trainer's)" : ""));
        }
        if (Arrays.stream(trainingSeeds).distinct().count() != trainingSeeds.length) {
            throw new PropertyException("", "trainingSeeds", "trainingSeeds must be distinct, found " + Arrays.toString(trainingSeeds));
        }
        SentimentMetric m;
        try {
            m = SentimentMetric.parse(metric);
        } catch (IllegalArgumentException e) {
            throw new PropertyException(e, "", "metric", e.getMessage());
        }
        if (m.task() != baseExperiment.data().getTask()) {
            throw new PropertyException("", "metric", "Metric " + m.key() + " is a " + m.task() + " metric, but the corpus is labelled for "
                    + baseExperiment.data().getTask());
        }
    }

    private SystemSpec findBaseSystem() {
        if (baseExperiment == null) {
            throw new PropertyException("", "baseExperiment", "A search needs a base experiment");
        }
        for (SystemSpec s : baseExperiment.systems()) {
            if (baseTrainer == null ? s.trainer() instanceof CiderTrainer : s.trainer() == baseTrainer) {
                return s;
            }
        }
        throw new PropertyException("", "baseTrainer", baseTrainer == null
                ? "The base experiment has no system trained by a CiderTrainer to search around"
                : "baseTrainer is not the trainer of any system of the base experiment; name the trainer component one of its systems uses");
    }

    /** @return The title. */
    public String title() {
        return title;
    }

    /** @return The base experiment. */
    public ComparisonExperiment baseExperiment() {
        return baseExperiment;
    }

    /** @return The base CIDer trainer. */
    public CiderTrainer baseTrainer() {
        return baseTrainer;
    }

    /** @return The base experiment's system trained by the base trainer. */
    public SystemSpec baseSystem() {
        return baseSystem;
    }

    /** @return The space. */
    public List<SearchDimension> dimensions() {
        return List.copyOf(dimensions);
    }

    /** @return The strategy. */
    public SearchStrategy strategy() {
        return strategy;
    }

    /** @return How many candidates are drawn. */
    public int candidates() {
        return candidates;
    }

    /** @return The reduction factor. */
    public int eta() {
        return eta;
    }

    /** @return The epochs of the first rung. */
    public int minEpochs() {
        return minEpochs;
    }

    /** @return The epochs of the last rung (the base trainer's when not configured). */
    public int maxEpochs() {
        return maxEpochs > 0 ? maxEpochs : Integer.parseInt(CandidateTrainers.value(baseTrainer, CandidateTrainers.EPOCHS)
                .orElseThrow(() -> new PropertyException("", "maxEpochs", "The base trainer records no epochs; set maxEpochs")));
    }

    /** @return The seed of the draw. */
    public long searchSeed() {
        return searchSeed;
    }

    /** @return The training seeds (empty: the base trainer's seed, once). */
    public List<Long> trainingSeeds() {
        return Arrays.stream(trainingSeeds).boxed().toList();
    }

    /** @return The metric of the score. */
    public SentimentMetric metric() {
        return SentimentMetric.parse(metric);
    }

    /** @return The pattern of the score. */
    public MissingPattern pattern() {
        return pattern != null ? pattern : baseExperiment.patterns().get(0);
    }

    /** @return Whether the hand-set base trainer is scored and tested beside the candidates. */
    public boolean compareWithBase() {
        return compareWithBase;
    }

    /**
     * The candidates, drawn from the search seed: each dimension's value in turn for c01, then for c02, and so on, so the
     * same configuration always draws the same candidates.
     * @return The candidates, named c01, c02, ... (zero-padded to the count's width).
     */
    public List<Candidate> drawCandidates() {
        SplittableRandom rng = new SplittableRandom(searchSeed);
        int width = Integer.toString(candidates).length();
        List<Candidate> out = new ArrayList<>();
        for (int i = 1; i <= candidates; i++) {
            Map<String, String> values = new LinkedHashMap<>();
            for (SearchDimension d : dimensions) {
                values.put(d.property(), d.sample(rng));
            }
            out.add(new Candidate(String.format(Locale.ROOT, "c%0" + Math.max(2, width) + "d", i), values));
        }
        return out;
    }

    /** @return The hand-set configuration as a candidate: the base trainer's own values of the searched properties. */
    public Candidate baseCandidate() {
        Map<String, String> values = new LinkedHashMap<>();
        for (SearchDimension d : dimensions) {
            values.put(d.property(), CandidateTrainers.value(baseTrainer, d.property()).orElse("?"));
        }
        return new Candidate(Candidate.BASE, values);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "SearchExperiment");
    }
}
