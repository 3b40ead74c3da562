package dev.cider.eval.search;

import dev.cider.data.DataSplit;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.ExperimentRunner;
import dev.cider.eval.compare.SystemSpec;
import dev.cider.eval.compare.TrialEngine;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.PairComparison;
import dev.cider.eval.report.SweepCurve;
import dev.cider.eval.report.SystemPair;
import dev.cider.eval.stats.Estimate;
import dev.cider.eval.stats.Quantity;
import dev.cider.train.CiderTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a {@link SearchExperiment}. Each round (a rung of successive halving, or random search's single round) is a
 * generated {@link ComparisonExperiment} on the base corpus whose systems are the round's candidates (the base trainer's
 * configuration with the candidate's values and the rung's epochs), scored on the VALID split only
 * ({@link ComparisonExperiment#evaluationSplit()}), without reference lines, and run by a {@link ExperimentRunner} with
 * the given engine and a trial store in {@code <dir>/round-N/trials}: every engine, retry and resume of a comparison
 * applies, and a rerun of the same search reads back the trials it finished (the candidates are drawn from the search
 * seed, so the rounds are the same) and runs only the others.
 * <p>
 * The choice is the best candidate of the last rung by its mean valid score (ties broken by name). Only then, if asked,
 * the chosen configuration (and the hand-set base, with {@code compareWithBase}) is trained with the same seeds and
 * scored on the TEST split, in {@code <dir>/test/trials}.
 */
public final class SearchRunner {

    /** The subdirectory of the test after the choice. */
    public static final String TEST_DIRECTORY = "test";

    private final SearchExperiment search;
    private final TrialEngine engine;
    private final Path directory;
    private final Consumer<String> progress;

    /**
     * Creates a runner.
     * @param search The search.
     * @param engine Runs the trials of every round.
     * @param directory Holds the rounds' trial stores (e.g. {@code <out>/search}).
     * @param progress Receives progress lines.
     */
    public SearchRunner(SearchExperiment search, TrialEngine engine, Path directory, Consumer<String> progress) {
        this.search = Objects.requireNonNull(search, "search");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * The trial store directory of a round.
     * @param directory The search directory.
     * @param round The round (1 first).
     * @return {@code <directory>/round-N/trials}.
     */
    public static Path roundTrials(Path directory, int round) {
        return directory.resolve("round-" + round).resolve("trials");
    }

    /**
     * Runs the search.
     * @param configFile The search's configuration file, recorded in the rounds' reports (may be null).
     * @param commandLine The command line.
     * @param testAfterChoice Whether to test the chosen configuration on the test split after the choice.
     * @return The outcome.
     * @throws IOException if a store or the configuration file cannot be read.
     * @throws IllegalArgumentException if the trainer refuses every candidate.
     */
    public SearchOutcome run(Path configFile, List<String> commandLine, boolean testAfterChoice) throws IOException {
        long t0 = System.nanoTime();
        List<Candidate> drawn = search.drawCandidates();
        Map<String, String> refused = new LinkedHashMap<>();
        List<Candidate> alive = new ArrayList<>();
        for (Candidate c : drawn) {
            try {
                trainer(c, search.minEpochs());
                alive.add(c);
            } catch (IllegalArgumentException e) {
                refused.put(c.name(), e.getMessage());
                progress.accept("== " + c.name() + " (" + c.describe() + ") refused by the trainer, not trained: " + e.getMessage());
            }
        }
        if (alive.isEmpty()) {
            throw new IllegalArgumentException("The trainer refused every one of the " + drawn.size() + " candidates: " + refused);
        }
        Candidate base = search.compareWithBase() ? search.baseCandidate() : null;
        List<SuccessiveHalving.Rung> schedule = search.strategy() == SearchStrategy.RANDOM
                ? List.of(new SuccessiveHalving.Rung(0, search.maxEpochs(), alive.size()))
                : SuccessiveHalving.rungs(alive.size(), search.eta(), search.minEpochs(), search.maxEpochs());
        progress.accept(String.format(Locale.ROOT, "== search: %d candidates%s, %s, %d round(s) %s; score: AUILC of %s under %s on the"
                        + " VALID split of %s, %s", alive.size(), base == null ? "" : " and the hand-set base", search.strategy(), schedule.size(),
                schedule.stream().map(r -> r.candidates() + "x" + r.epochs() + " epochs").toList(), search.metric().displayName(),
                search.pattern().name(), search.baseExperiment().dataName(), seedsText()));
        List<RungResult> rungs = new ArrayList<>();
        for (SuccessiveHalving.Rung rung : schedule) {
            List<Candidate> round = new ArrayList<>(alive);
            if (base != null) {
                round.add(base);
            }
            progress.accept(String.format(Locale.ROOT, "== round %d of %d: %d candidates, %d epochs each", rung.index() + 1, schedule.size(),
                    round.size(), rung.epochs()));
            List<CandidateScore> scores = scoreRound(round, rung, configFile, commandLine);
            boolean last = rung.index() == schedule.size() - 1;
            List<String> promoted = List.of();
            if (!last) {
                Map<String, Double> contenders = new LinkedHashMap<>();
                scores.stream().filter(s -> !s.candidate().isBase()).forEach(s -> contenders.put(s.candidate().name(), s.mean()));
                promoted = SuccessiveHalving.best(contenders, SuccessiveHalving.survivors(contenders.size(), search.eta()));
                List<String> keep = promoted;
                alive = alive.stream().filter(c -> keep.contains(c.name())).toList();
            }
            rungs.add(new RungResult(rung.index(), rung.epochs(), scores, promoted));
            for (CandidateScore s : scores) {
                progress.accept(String.format(Locale.ROOT, "   %-5s valid %s %.4f [%.4f, %.4f]%s  %s", s.candidate().name(), search.metric().displayName(),
                        s.mean(), s.score().lower(), s.score().upper(), promoted.contains(s.candidate().name()) ? " -> next round" : "",
                        s.candidate().describe()));
            }
        }
        CandidateScore chosen = rungs.get(rungs.size() - 1).scores().get(0);
        progress.accept(String.format(Locale.ROOT, "== chosen on the valid split: %s (%s), valid AUILC %s %.4f", chosen.candidate().name(),
                chosen.candidate().describe(), search.metric().displayName(), chosen.mean()));
        Map<String, Estimate> test = new LinkedHashMap<>();
        PairComparison pair = null;
        if (testAfterChoice) {
            pair = testChosen(chosen.candidate(), base, configFile, commandLine, test);
        }
        return new SearchOutcome(search, drawn, refused, rungs, chosen, test, pair, (System.nanoTime() - t0) / 1e9);
    }

    /** Runs one round and returns its scores, best first. */
    private List<CandidateScore> scoreRound(List<Candidate> round, SuccessiveHalving.Rung rung, Path configFile, List<String> commandLine)
            throws IOException {
        List<SystemSpec> systems = new ArrayList<>();
        for (Candidate c : round) {
            systems.add(new SystemSpec(c.name(), trainer(c, rung.epochs())));
        }
        String title = String.format(Locale.ROOT, "%s, round %d (%d epochs, scored on the valid split)", search.title(), rung.index() + 1, rung.epochs());
        ComparisonExperiment experiment = experiment(title, systems, DataSplit.VALID, List.of());
        ComparisonReport report = new ExperimentRunner(experiment, progress, engine, roundTrials(directory, rung.index() + 1))
                .run(configFile, commandLine);
        List<CandidateScore> scores = new ArrayList<>();
        for (Candidate c : round) {
            scores.add(new CandidateScore(c, rung.epochs(), auilc(report, c.name())));
        }
        scores.sort(Comparator.comparing((CandidateScore s) -> Double.isNaN(s.mean())).thenComparing(CandidateScore::mean, Comparator.reverseOrder())
                .thenComparing(s -> s.candidate().name()));
        return scores;
    }

    /* Trains the chosen configuration (and the base) with the last rung's epochs and seeds, and scores them on the test split. */
    private PairComparison testChosen(Candidate chosen, Candidate base, Path configFile, List<String> commandLine, Map<String, Estimate> test)
            throws IOException {
        List<SystemSpec> systems = new ArrayList<>(List.of(new SystemSpec(chosen.name(), trainer(chosen, search.maxEpochs()))));
        List<String> pairs = new ArrayList<>();
        if (base != null && !chosen.isBase()) {
            systems.add(new SystemSpec(base.name(), trainer(base, search.maxEpochs())));
            pairs.add(chosen.name() + SystemPair.SEPARATOR + base.name());
        }
        progress.accept("== after the choice: testing " + systems.stream().map(SystemSpec::name).toList() + " on the TEST split");
        ComparisonExperiment experiment = experiment(search.title() + ", the chosen configuration on the test split (after the choice)",
                systems, DataSplit.TEST, pairs);
        ComparisonReport report = new ExperimentRunner(experiment, progress, engine, directory.resolve(TEST_DIRECTORY).resolve("trials"))
                .run(configFile, commandLine);
        for (SystemSpec s : systems) {
            test.put(s.name(), auilc(report, s.name()));
            Estimate e = test.get(s.name());
            progress.accept(String.format(Locale.ROOT, "   %-5s test %s %.4f [%.4f, %.4f]", s.name(), search.metric().displayName(), e.mean(),
                    e.lower(), e.upper()));
        }
        return report.comparisons(search.metric(), Quantity.AUILC).stream().findFirst().orElse(null);
    }

    private ComparisonExperiment experiment(String title, List<SystemSpec> systems, DataSplit split, List<String> pairs) {
        ComparisonExperiment base = search.baseExperiment();
        ComparisonExperiment e = new ComparisonExperiment(title, base.data(), null, systems, List.of(search.pattern()), base.rates(), base.maskSeed())
                .withReferenceLines(false).withSeeds(search.trainingSeeds(), base.maskSeeds())
                .withBootstrap(base.bootstrapReplicates(), base.bootstrapSeed()).withEvaluationSplit(split);
        return pairs.isEmpty() ? e : e.withPairs(pairs);
    }

    private CiderTrainer trainer(Candidate c, int epochs) {
        Map<String, String> values = new LinkedHashMap<>(c.isBase() ? Map.of() : c.values());
        values.put(CandidateTrainers.EPOCHS, Integer.toString(epochs));
        return CandidateTrainers.build(search.baseTrainer(), values);
    }

    private Estimate auilc(ComparisonReport report, String system) {
        for (SweepCurve c : report.view().curves()) {
            if (c.system().equals(system) && c.auilcEstimate(search.metric()) != null) {
                return c.auilcEstimate(search.metric());
            }
        }
        throw new IllegalStateException("The round's report has no AUILC of " + search.metric().displayName() + " for " + system);
    }

    private String seedsText() {
        List<Long> seeds = search.trainingSeeds();
        return seeds.isEmpty() ? "each candidate trained once with the base trainer's seed" : "mean over training seeds " + seeds;
    }
}
