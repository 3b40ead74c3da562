package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;
import dev.cider.eval.report.CsvText;
import dev.cider.metrics.ScoredPredictions;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.metrics.TribuoPredictions;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.MissingPatterns;
import dev.cider.model.CiderModel;
import dev.cider.model.FeatureDomainCheck;
import dev.cider.model.ModelFiles;
import dev.cider.onnx.ExportedCiderModel;
import dev.cider.util.AtomicFiles;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code cider predict}: loads a saved model (CIDer or any Tribuo classifier on the pooled features), predicts a split
 * of a corpus, optionally corrupted by a missing pattern at a rate, prints the metrics and optionally writes the
 * predictions as CSV.
 */
public final class PredictCommand implements CiderCommand {

    /** The missing rate of {@code --missing} when {@code --rate} is not given. */
    public static final double DEFAULT_RATE = 0.5;

    /** Options of {@code cider predict}. */
    public static final class PredictOptions implements Options {
        /** The corpus. */
        public SourceOptions data = new SourceOptions();

        /** The model. */
        @Option(charName = 'm', longName = "model", usage = "The model file (written by cider train or Tribuo).")
        public Path model;

        /** An exported ONNX model. */
        @Option(longName = "onnx", usage = "An ONNX model written by cider export, run in ONNX Runtime instead of --model.")
        public Path onnx;

        /** The split. */
        @Option(longName = "split", usage = "The split to predict: train, valid or test (default test).")
        public String split = "test";

        /** Missing pattern. */
        @Option(longName = "missing", usage = "Corrupt the inputs with this missing pattern (rmfm, rmm, tmfm, stmfm, smm:LA, ...).")
        public String missing;

        /** Rate (null: {@value PredictCommand#DEFAULT_RATE}). */
        @Option(longName = "rate", usage = "Missing rate for --missing (default 0.5).")
        public Double rate;

        /** Mask seed (null: 0). */
        @Option(longName = "mask-seed", usage = "Seed of the evaluation masks of --missing (default 0).")
        public Long maskSeed;

        /** No debiasing. */
        @Option(longName = "no-debias", usage = "Switch MACI's counterfactual debiasing off (CIDer models).")
        public boolean noDebias = false;

        /** Output CSV. */
        @Option(longName = "predictions", usage = "Write id,true_score,predicted,class scores... to this CSV (with --text or"
                + " --jsonl: id,predicted,class scores,missing,notes; JSON lines if the name ends in .jsonl or .json).")
        public Path predictions;

        /** A new utterance's transcript. */
        @Option(longName = "text", usage = "Predict this new utterance's transcript instead of a corpus split (audio and vision"
                + " are missing unless --audio / --vision give them).")
        public String text;

        /** The id of --text. */
        @Option(longName = "id", usage = "The id of the --text utterance in the output (default text).")
        public String id;

        /** Audio of --text. */
        @Option(longName = "audio", usage = "The audio frames of the --text utterance: a .npy float array of shape (T, d_a).")
        public Path audio;

        /** Vision of --text. */
        @Option(longName = "vision", usage = "The vision frames of the --text utterance: a .npy float array of shape (T, d_v).")
        public Path vision;

        /** JSON-lines batch of new utterances. */
        @Option(longName = "jsonl", usage = "Predict the new utterances of this JSON-lines file, one"
                + " {\"id\", \"text\", \"audio\", \"vision\"} object per line (see README).")
        public Path jsonl;

        /** Tokenizer of new utterances. */
        @Option(longName = "tokenizer", usage = "The tokenizer.json of the model's vocabulary for --text / --jsonl (default:"
                + " the bundled bert-base-uncased one).")
        public Path tokenizer;

        /**
         * For OLCUT.
         */
        public PredictOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Predicts a split with a saved model and prints its metrics.";
        }
    }

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String description() {
        return "Predict a split with a saved model (optionally with missing inputs) and print accuracy and F1.";
    }

    @Override
    public Options newOptions() {
        return new PredictOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        PredictOptions o = (PredictOptions) options;
        if (o.model != null && o.onnx != null) {
            throw new IllegalArgumentException("give --model FILE or --onnx FILE, not both");
        }
        if (o.model == null && o.onnx == null) {
            throw new IllegalArgumentException("--model FILE (or --onnx FILE) is required");
        }
        if (o.onnx != null && (o.text != null || o.jsonl != null || o.audio != null || o.vision != null || o.id != null || o.tokenizer != null)) {
            throw new IllegalArgumentException("--onnx predicts a corpus split; --text, --jsonl, --audio, --vision, --id and --tokenizer need --model");
        }
        if (o.text != null || o.jsonl != null || o.audio != null || o.vision != null || o.id != null || o.tokenizer != null) {
            return NewUtterancePredictions.run(o, out);
        }
        boolean rateGiven = o.rate != null;
        boolean maskSeedGiven = o.maskSeed != null;
        if (o.missing == null && (rateGiven || maskSeedGiven)) {
            throw new IllegalArgumentException((rateGiven ? "--rate" : "--mask-seed") + " applies to the masks of --missing PATTERN;"
                    + " without --missing the inputs are complete");
        }
        MissingPattern pattern = o.missing == null ? null : MissingPatterns.parse(o.missing);
        if (pattern != null && rateGiven && !pattern.usesRate()) {
            throw new IllegalArgumentException("--rate does not apply to --missing " + o.missing + ", which removes a fixed set of modalities");
        }
        if (o.predictions != null) {
            WritableOutputs.requireWritableFile("--predictions", o.predictions);
        }
        if (o.onnx != null) {
            try (ExportedCiderModel onnx = loadOnnx(o.onnx)) {
                if (o.noDebias && onnx.metadata().tau() > 0) {
                    throw new IllegalArgumentException("--no-debias: the ONNX model " + o.onnx + " has MACI's debiasing (tau "
                            + onnx.metadata().tau() + ") built in; export it with cider export --no-debias");
                }
                return predict(o, cm, out, null, onnx);
            }
        }
        return predict(o, cm, out, loadModel(o.model), null);
    }

    /** Predicts with the Tribuo model, or with the ONNX model when it is not null. */
    private static int predict(PredictOptions o, ConfigurationManager cm, PrintStream out, Model<Label> model, ExportedCiderModel onnx) throws Exception {
        boolean rateGiven = o.rate != null;
        boolean maskSeedGiven = o.maskSeed != null;
        MissingPattern pattern = o.missing == null ? null : MissingPatterns.parse(o.missing);
        Path modelFile = onnx != null ? o.onnx : o.model;
        SentimentTask task;
        if (onnx != null) {
            task = onnx.metadata().task();
            ModelTask.apply(o.data, task, o.onnx);
        } else if (model instanceof CiderModel) {
            task = ((CiderModel) model).getTask();
            ModelTask.apply(o.data, task, o.model);
        } else {
            task = o.data.task(SentimentTask.BINARY);
            o.data.task = task.name();
        }
        MultimodalSource source = o.data.resolve(cm).forSplit(DataSplit.parse(o.split));
        ModelTask.requireSame(source, o.data, task, modelFile);
        List<MultimodalExample> examples = new ArrayList<>(source.examples());
        String setting = "complete inputs";
        if (pattern != null) {
            double rate = rateGiven ? o.rate : DEFAULT_RATE;
            long maskSeed = maskSeedGiven ? o.maskSeed : 0L;
            List<MultimodalExample> corrupted = new ArrayList<>(examples.size());
            for (MultimodalExample ex : examples) {
                corrupted.add(pattern.corrupt(ex, rate, maskSeed));
            }
            examples = corrupted;
            setting = pattern.usesRate() ? String.format(Locale.ROOT, "%s at rate %.2f (mask seed %d)", pattern.name(), rate, maskSeed)
                    : String.format(Locale.ROOT, "%s (mask seed %d)", pattern.name(), maskSeed);
        }
        List<Prediction<Label>> predictions;
        if (onnx != null) {
            predictions = onnx.predict(examples);
        } else if (model instanceof CiderModel) {
            FeatureDomainCheck.check(model, examples, source.toString());
            predictions = ((CiderModel) model).predict(examples, !o.noDebias);
        } else {
            FeatureDomainCheck.check(model, examples, source.toString());
            predictions = model.predict(new ArrayList<Example<Label>>(examples));
        }
        ScoredPredictions scored = TribuoPredictions.fromPredictions(predictions, examples, task);
        SentimentMetrics metrics = SentimentMetrics.evaluate(scored);
        out.println("Model: " + modelFile + " (" + (onnx != null ? "ONNX Runtime, " + onnx.metadata() : model.getClass().getSimpleName()) + ")");
        out.println("Data: " + source + ", " + examples.size() + " utterances, " + setting
                + (onnx != null ? String.format(Locale.ROOT, ", tau %.1f", onnx.metadata().tau()) : "")
                + (model instanceof CiderModel ? (o.noDebias ? ", no debiasing" : String.format(Locale.ROOT, ", tau %.1f", ((CiderModel) model).getTau())) : ""));
        out.println(MetricsFormat.line(metrics));
        if (o.predictions != null) {
            List<MultimodalExample> predicted = examples;
            WritableOutputs.writing("--predictions", o.predictions, () -> writePredictions(o.predictions, predicted, scored, task));
            out.println("Predictions written to " + o.predictions.toAbsolutePath());
        }
        if (model instanceof CiderModel) {
            ((CiderModel) model).close();
        }
        return 0;
    }

    /**
     * Opens the ONNX model of {@code --onnx}.
     * @param path The file written by {@code cider export}.
     * @return The model.
     * @throws IllegalArgumentException naming the option and the file if it cannot be opened as a CIDer export.
     */
    static ExportedCiderModel loadOnnx(Path path) {
        try {
            return ExportedCiderModel.load(path);
        } catch (IOException | ai.onnxruntime.OrtException e) {
            throw new IllegalArgumentException("--onnx: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--onnx: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the model of {@code --model}.
     * @param path The model file.
     * @return The model.
     * @throws IllegalArgumentException naming the option and the file if it cannot be read as a classification model.
     */
    static Model<Label> loadModel(Path path) {
        try {
            return ModelFiles.readClassifier(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("--model: " + e.getMessage(), e);
        }
    }

    private static void writePredictions(Path path, List<MultimodalExample> examples, ScoredPredictions scored, SentimentTask task) throws IOException {
        CsvText csv = new CsvText();
        List<String> header = new ArrayList<>(List.of("id", "true_score", "predicted"));
        for (String c : task.classNames()) {
            header.add("score_" + c);
        }
        csv.row(header);
        for (int i = 0; i < examples.size(); i++) {
            List<String> fields = new ArrayList<>();
            fields.add(examples.get(i).getId());
            fields.add(Double.toString(examples.get(i).getScore()));
            fields.add(task.classNames().get(scored.predictedClass(i)));
            for (double s : scored.scores(i)) {
                fields.add(String.format(Locale.ROOT, "%.6f", s));
            }
            csv.row(fields);
        }
        AtomicFiles.write(path, csv.text().getBytes(StandardCharsets.UTF_8));
    }
}
