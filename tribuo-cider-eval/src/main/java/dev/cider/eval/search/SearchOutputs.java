package dev.cider.eval.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceModule;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.report.ComparisonReport;
import dev.cider.eval.report.PairComparison;
import dev.cider.eval.stats.Estimate;
import dev.cider.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes what a search found into its output directory: {@value #JSON} (every candidate with its values, rungs and
 * valid scores with their seeds; the choice; the test scores after the choice), {@value #MARKDOWN} (the same as
 * readable tables ranked by valid score), {@value #BEST_CONFIG} (the base experiment with the chosen values, an OLCUT
 * configuration for {@code cider compare}, opening with a comment on its provenance) and {@value #BEST_PROVENANCE}
 * (that provenance in full: the search configuration's hash, the space, the chosen values and score, the date, and the
 * search's OLCUT provenance).
 */
public final class SearchOutputs {

    /** The search's results. */
    public static final String JSON = "search.json";
    /** The search's readable report. */
    public static final String MARKDOWN = "search.md";
    /** The chosen configuration. */
    public static final String BEST_CONFIG = "best-config.xml";
    /** The chosen configuration's provenance. */
    public static final String BEST_PROVENANCE = "best-config.provenance.json";
    /** The format name of search.json. */
    public static final String FORMAT = "cider-search";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SearchOutputs() {
    }

    /**
     * Writes every output.
     * @param outcome The search's outcome.
     * @param dir The output directory.
     * @param configFile The search's configuration file (may be null).
     * @param commandLine The command line.
     * @return The experiment best-config.xml rebuilds into (checked before the file is written).
     * @throws IOException if a file cannot be written or the configuration file cannot be hashed.
     */
    public static ComparisonExperiment write(SearchOutcome outcome, Path dir, Path configFile, List<String> commandLine) throws IOException {
        String created = Instant.now().toString();
        String sha = configFile == null ? "" : ComparisonReport.sha256(configFile);
        Candidate chosen = outcome.chosen().candidate();
        Map<String, String> values = new LinkedHashMap<>(chosen.values());
        values.put(CandidateTrainers.EPOCHS, Integer.toString(outcome.chosen().epochs()));
        List<ConfigurationData> config = BestConfiguration.of(outcome.search(), values);
        Estimate score = outcome.chosen().score();
        SearchExperiment s = outcome.search();
        List<String> comment = new ArrayList<>(List.of(
                "Chosen by cider search on " + created + (configFile == null ? "" : " from " + configFile + " (SHA-256 " + sha + ")") + ".",
                "The base experiment \"" + s.baseExperiment().title() + "\" with the trainer of system \"" + s.baseSystem().name() + "\" set to",
                "candidate " + chosen.name() + ": " + describe(values) + ".",
                String.format(Locale.ROOT, "Its score on the VALID split (never the test split): AUILC of %s under %s %.4f, 95%% interval [%.4f, %.4f],",
                        s.metric().displayName(), s.pattern().name(), score.mean(), score.lower(), score.upper()),
                seedsText(s) + ". Space: " + space(s) + ".",
                "Strategy " + s.strategy() + ", " + outcome.candidates().size() + " candidates drawn with search seed " + s.searchSeed() + ".",
                "The full provenance is in " + BEST_PROVENANCE + "; every candidate's scores in " + JSON + "."));
        ComparisonExperiment rebuilt = BestConfiguration.write(dir.resolve(BEST_CONFIG), config, comment);
        write(dir.resolve(BEST_PROVENANCE), provenance(outcome, created, configFile, sha, values));
        write(dir.resolve(JSON), json(outcome, created, configFile, sha, commandLine));
        AtomicFiles.write(dir.resolve(MARKDOWN), SearchMarkdown.render(outcome, configFile, sha).getBytes(StandardCharsets.UTF_8));
        return rebuilt;
    }

    private static void write(Path file, ObjectNode node) throws IOException {
        try {
            AtomicFiles.write(file, (mapper().writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IOException("Could not render " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(new JsonProvenanceModule());
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
        return mapper;
    }

    private static ObjectNode provenance(SearchOutcome outcome, String created, Path configFile, String sha, Map<String, String> values) {
        ObjectNode root = NODES.objectNode();
        root.put("created", created);
        root.put("configFile", configFile == null ? null : configFile.toString());
        root.put("configSha256", sha);
        root.put("scoredOn", "valid");
        root.set("space", space(outcome.search().dimensions()));
        ObjectNode chosen = root.putObject("chosen");
        chosen.put("candidate", outcome.chosen().candidate().name());
        ObjectNode v = chosen.putObject("values");
        values.forEach(v::put);
        chosen.set("validScore", estimate(outcome.chosen().score()));
        root.set("searchProvenance", mapper().valueToTree(new ArrayList<>(ProvenanceUtil.marshalProvenance(outcome.search().getProvenance()))));
        return root;
    }

    private static ObjectNode json(SearchOutcome outcome, String created, Path configFile, String sha, List<String> commandLine) {
        SearchExperiment s = outcome.search();
        ComparisonExperiment base = s.baseExperiment();
        ObjectNode root = NODES.objectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", 1);
        root.put("title", s.title());
        root.put("created", created);
        root.put("configFile", configFile == null ? null : configFile.toString());
        root.put("configSha256", sha);
        root.put("commandLine", String.join(" ", commandLine));
        root.put("wallSeconds", outcome.seconds());
        ObjectNode score = root.putObject("score");
        score.put("split", "valid");
        score.put("quantity", "AUILC");
        score.put("metric", s.metric().key());
        score.put("pattern", s.pattern().name());
        score.put("setting", base.dataName());
        ArrayNode rates = score.putArray("rates");
        Arrays.stream(base.rates()).forEach(rates::add);
        ArrayNode masks = score.putArray("maskSeeds");
        base.maskSeeds().forEach(masks::add);
        ArrayNode seeds = score.putArray("trainingSeeds");
        s.trainingSeeds().forEach(seeds::add);
        ObjectNode strategy = root.putObject("strategy");
        strategy.put("name", s.strategy().name());
        strategy.put("candidates", s.candidates());
        strategy.put("eta", s.eta());
        strategy.put("minEpochs", s.minEpochs());
        strategy.put("maxEpochs", s.maxEpochs());
        strategy.put("searchSeed", s.searchSeed());
        strategy.put("compareWithBase", s.compareWithBase());
        root.set("space", space(s.dimensions()));
        ArrayNode candidates = root.putArray("candidates");
        List<Candidate> all = new ArrayList<>(outcome.candidates());
        if (s.compareWithBase()) {
            all.add(s.baseCandidate());
        }
        for (Candidate c : all) {
            ObjectNode node = candidates.addObject();
            node.put("name", c.name());
            ObjectNode v = node.putObject("values");
            c.values().forEach(v::put);
            if (outcome.refused().containsKey(c.name())) {
                node.put("refused", outcome.refused().get(c.name()));
            }
            ArrayNode rungs = node.putArray("rungs");
            for (RungResult r : outcome.rungs()) {
                for (CandidateScore cs : r.scores()) {
                    if (cs.candidate().name().equals(c.name())) {
                        ObjectNode rn = rungs.addObject();
                        rn.put("rung", r.index());
                        rn.put("epochs", r.epochs());
                        rn.set("validScore", estimate(cs.score()));
                        rn.put("promoted", r.promoted().contains(c.name()));
                    }
                }
            }
        }
        ArrayNode rungs = root.putArray("rungs");
        for (RungResult r : outcome.rungs()) {
            ObjectNode rn = rungs.addObject();
            rn.put("rung", r.index());
            rn.put("epochs", r.epochs());
            ArrayNode ranking = rn.putArray("ranking");
            r.scores().forEach(cs -> ranking.add(cs.candidate().name()));
            ArrayNode promoted = rn.putArray("promoted");
            r.promoted().forEach(promoted::add);
        }
        ObjectNode choice = root.putObject("choice");
        choice.put("candidate", outcome.chosen().candidate().name());
        choice.put("epochs", outcome.chosen().epochs());
        choice.set("validScore", estimate(outcome.chosen().score()));
        choice.put("bestConfig", BEST_CONFIG);
        if (outcome.tested()) {
            ObjectNode after = root.putObject("afterTheChoice");
            after.put("split", "test");
            after.put("note", "tested only after the choice was made on the valid split; these numbers played no part in it");
            ObjectNode scores = after.putObject("testScores");
            outcome.test().forEach((name, e) -> scores.set(name, estimate(e)));
            PairComparison p = outcome.testPair();
            if (p != null) {
                ObjectNode pair = after.putObject("pair");
                pair.put("first", p.pair().first());
                pair.put("second", p.pair().second());
                pair.set("difference", estimate(p.difference().difference()));
                number(pair, "pValue", p.difference().pValue());
                pair.put("conclusion", p.conclusion());
            }
        } else {
            root.putNull("afterTheChoice");
        }
        root.set("searchProvenance", mapper().valueToTree(new ArrayList<>(ProvenanceUtil.marshalProvenance(s.getProvenance()))));
        return root;
    }

    private static ArrayNode space(List<SearchDimension> dimensions) {
        ArrayNode out = NODES.arrayNode();
        for (SearchDimension d : dimensions) {
            ObjectNode n = out.addObject();
            n.put("property", d.property());
            n.put("kind", d.getClass().getSimpleName());
            n.put("values", d.describe());
        }
        return out;
    }

    static ObjectNode estimate(Estimate e) {
        ObjectNode n = NODES.objectNode();
        number(n, "mean", e.mean());
        number(n, "sd", e.sd());
        number(n, "lower95", e.lower());
        number(n, "upper95", e.upper());
        ArrayNode perSeed = n.putArray("perSeed");
        for (double v : e.perSeed()) {
            if (Double.isFinite(v)) {
                perSeed.add(v);
            } else {
                perSeed.addNull();
            }
        }
        return n;
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    static String describe(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return b.toString();
    }

    static String space(SearchExperiment s) {
        List<String> parts = new ArrayList<>();
        for (SearchDimension d : s.dimensions()) {
            parts.add(d.property() + " " + d.describe());
        }
        return String.join("; ", parts);
    }

    static String seedsText(SearchExperiment s) {
        int n = s.trainingSeeds().size();
        return n == 0 ? "one training run (the base trainer's seed), so no spread over seeds" : n == 1
                ? "one training seed " + s.trainingSeeds() : "mean over " + n + " training seeds " + s.trainingSeeds();
    }
}
