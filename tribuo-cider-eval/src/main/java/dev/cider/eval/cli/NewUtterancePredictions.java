package dev.cider.eval.cli;

import dev.cider.eval.utterance.PredictionFiles;
import dev.cider.eval.utterance.UtteranceJsonLines;
import dev.cider.model.CiderModel;
import dev.cider.model.Utterance;
import dev.cider.model.UtteranceFrames;
import dev.cider.model.UtterancePrediction;
import dev.cider.model.UtterancePredictor;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code cider predict --text ... | --jsonl FILE}: predicts new utterances with a saved CIDer model and prints, per
 * utterance, the label, the class probabilities, the missing modalities and what was cut; optionally writes them with
 * {@code --predictions}.
 */
final class NewUtterancePredictions {

    private NewUtterancePredictions() {
    }

    /**
     * Runs the new-utterance mode of {@code cider predict}.
     * @param o The options.
     * @param out The console.
     * @return The exit code.
     * @throws IllegalArgumentException naming the option or the input at fault.
     * @throws IOException if a file cannot be read or written.
     */
    static int run(PredictCommand.PredictOptions o, PrintStream out) throws IOException {
        checkOptions(o);
        if (o.predictions != null) {
            WritableOutputs.requireWritableFile("--predictions", o.predictions);
        }
        Model<Label> loaded = PredictCommand.loadModel(o.model);
        if (!(loaded instanceof CiderModel)) {
            throw new IllegalArgumentException("--text and --jsonl predict with a CIDer model; " + o.model + " holds a "
                    + loaded.getClass().getSimpleName() + ", which predicts corpus splits only");
        }
        try (CiderModel model = (CiderModel) loaded;
             UtterancePredictor predictor = new UtterancePredictor(model, o.tokenizer)) {
            List<Utterance> utterances = o.jsonl != null ? UtteranceJsonLines.read(o.jsonl, predictor.encoder())
                    : List.of(new Utterance(o.id == null ? "text" : o.id, o.text, frames("--audio", o.audio), frames("--vision", o.vision)));
            List<UtterancePrediction> predictions = predictor.predict(utterances, !o.noDebias);
            out.println("Model: " + o.model + " (" + model.getTask().name().toLowerCase(Locale.ROOT) + " task, " + model.getLayout().describe()
                    + (o.noDebias ? ", no debiasing" : String.format(Locale.ROOT, ", tau %.1f", model.getTau())) + ")");
            for (UtterancePrediction p : predictions) {
                out.print(PredictionFiles.consoleLines(p));
            }
            if (o.predictions != null) {
                WritableOutputs.writing("--predictions", o.predictions, () -> PredictionFiles.write(o.predictions, predictions));
                out.println("Predictions written to " + o.predictions.toAbsolutePath());
            }
        }
        return 0;
    }

    private static void checkOptions(PredictCommand.PredictOptions o) {
        if (o.text != null && o.jsonl != null) {
            throw new IllegalArgumentException("give either --text (one utterance) or --jsonl FILE (a batch), not both");
        }
        if (o.text == null && o.jsonl == null) {
            throw new IllegalArgumentException((o.audio != null ? "--audio" : o.vision != null ? "--vision" : o.id != null ? "--id" : "--tokenizer")
                    + " applies to new utterances: give --text \"...\" or --jsonl FILE");
        }
        if (o.jsonl != null && (o.audio != null || o.vision != null || o.id != null)) {
            throw new IllegalArgumentException("--audio, --vision and --id belong to --text; in --jsonl each line carries its own id,"
                    + " audio and vision");
        }
        if (o.data.isSet() || o.missing != null || o.rate != null || o.maskSeed != null || !o.split.equals("test")) {
            throw new IllegalArgumentException("--text and --jsonl predict new utterances: the corpus options (--synthetic, --csv,"
                    + " --pickle, --source, --split, --missing, --rate, --mask-seed) do not apply");
        }
    }

    private static UtteranceFrames frames(String option, Path file) throws IOException {
        if (file == null) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": no file at " + file.toAbsolutePath());
        }
        try {
            return UtteranceFrames.readNpy(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
