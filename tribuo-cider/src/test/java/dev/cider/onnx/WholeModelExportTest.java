package dev.cider.onnx;

import ai.onnxruntime.OrtSession;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.AbstractMultimodalSource;
import dev.cider.data.source.CsvTextSource;
import dev.cider.missing.MissingPattern;
import dev.cider.missing.Rmfm;
import dev.cider.model.CiderModel;
import dev.cider.text.EncodedTextSource;
import dev.cider.text.MiniLmModel;
import dev.cider.text.OnnxTextEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tribuo.Example;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.interop.onnx.ONNXExternalModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole exported model computes CiderModel's probabilities in ONNX Runtime (max abs difference at most 1e-5), on
 * the real CMU-MOSI transcripts with MiniLM token features and synthetic audio/vision: aligned and unaligned, binary
 * and seven-class, complete and RMFM-corrupted at rates 0.5 and 1.0, with and without debiasing, for a batch and for
 * one utterance, directly and through Tribuo's {@link ONNXExternalModel}. Tiny networks trained for one epoch on a
 * small stratified subset keep it fast; skipped without the shared data.
 */
class WholeModelExportTest {

    private static final double TOLERANCE = 1e-5;
    private static final int TEXT_STEPS = 24;
    private static OnnxTextEncoder encoder;

    @TempDir
    static Path dir;

    @BeforeAll
    static void encoder() {
        encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 16, 1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static Path labelCsv() {
        String shared = System.getProperty("cider.shared.dir");
        assumeTrue(shared != null, "system property cider.shared.dir is not set: skipping the CMU-MOSI ONNX export test");
        Path csv = Paths.get(shared, "data", "cmu-mosi", "label.csv");
        assumeTrue(Files.isRegularFile(csv), csv + " is absent: skipping the CMU-MOSI ONNX export test");
        return csv;
    }

    private static MultimodalSplits splits(boolean aligned, SentimentTask task) {
        CsvTextSource.Builder b = CsvTextSource.builder(labelCsv()).task(task).maxTextLength(TEXT_STEPS);
        if (aligned) {
            b.synthetic(TEXT_STEPS, 5, TEXT_STEPS, 4, 3).framesPerWord(1, 1);
        } else {
            b.synthetic(30, 5, 40, 4, 3).framesPerWord(1.5, 2);
        }
        AbstractMultimodalSource subset = b.build().withSubsets("40", "12", "10", 1);
        return MultimodalSplits.load(new EncodedTextSource(subset, encoder, null));
    }

    private static void check(String what, List<Prediction<Label>> expected, List<Prediction<Label>> actual) {
        assertEquals(expected.size(), actual.size(), what);
        double max = 0;
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Label> e = expected.get(i).getOutputScores();
            Map<String, Label> a = actual.get(i).getOutputScores();
            assertEquals(e.keySet(), a.keySet(), what);
            for (String c : e.keySet()) {
                max = Math.max(max, Math.abs(e.get(c).getScore() - a.get(c).getScore()));
            }
        }
        System.out.printf("[onnx] %s: max abs probability difference %.3g over %d utterances%n", what, max, expected.size());
        assertTrue(max <= TOLERANCE, what + ": probabilities differ by " + max);
    }

    @ParameterizedTest
    @CsvSource({"true, BINARY", "false, BINARY", "true, SEVEN", "false, SEVEN"})
    void exportedModelPredictsWhatDjlPredicts(boolean aligned, SentimentTask task) throws Exception {
        MultimodalSplits splits = splits(aligned, task);
        CiderModel trained = dev.cider.train.CiderTrainer.builder(task, 3).schedule(1, 16, 1)
                .textEncoder(encoder).showProgress(false)
                .architecture(dev.cider.train.CiderArchitecture.builder().size(8, 1, 2).build()).build().train(splits);
        List<MultimodalExample> test = splits.examples(DataSplit.TEST);
        MissingPattern rmfm = new Rmfm();
        // tau 0.5 exercises the counterfactual pass whatever the validation split chose; the plain model has none.
        for (CiderModel model : List.of(trained.withTau(0.5), trained.withDebiasing(false))) {
            String name = (aligned ? "aligned" : "unaligned") + " " + task + (model.isDebiasing() ? " tau 0.5" : " no debiasing");
            Path file = dir.resolve(name.replace(' ', '-') + ".onnx");
            model.saveONNXModel("dev.cider.test", 1, file);
            // Binary: the recorded text encoder is rebuilt from the ONNX metadata; seven-class: the live one is passed.
            try (ExportedCiderModel onnx = task == SentimentTask.BINARY ? ExportedCiderModel.load(file)
                    : ExportedCiderModel.load(file, new OrtSession.SessionOptions(), encoder);
                 ONNXExternalModel<Label> external = onnx.externalModel(new OrtSession.SessionOptions())) {
                assertEquals(model.isDebiasing(), onnx.metadata().input().counterfactual(), name);
                assertEquals(model.getTextEncoderSpec(), onnx.metadata().textEncoder(), name);
                assertTrue(external.getTribuoProvenance().isPresent(), "the provenance is in the ONNX metadata");
                assertEquals(model.getProvenance(), external.getTribuoProvenance().get(), name);
                for (double rate : new double[]{0.0, 0.5, 1.0}) {
                    List<Example<Label>> inputs = new ArrayList<>();
                    for (MultimodalExample ex : test) {
                        inputs.add(rate == 0.0 ? ex : rmfm.corrupt(ex, rate, 11));
                    }
                    String setting = name + ", RMFM rate " + rate;
                    List<Prediction<Label>> djl = model.predict(inputs, model.isDebiasing());
                    check(setting + ", batch", djl, onnx.predict(inputs));
                    check(setting + ", one utterance", model.predict(inputs.subList(0, 1), model.isDebiasing()),
                            onnx.predict(inputs.subList(0, 1)));
                    List<Example<Label>> flat = new ArrayList<>();
                    for (Example<Label> ex : inputs) {
                        flat.add(onnx.flatExample((MultimodalExample) ex));
                    }
                    check(setting + ", Tribuo ONNXExternalModel", djl, external.predict(flat));
                }
            }
            model.close();
        }
        trained.close();
    }
}
