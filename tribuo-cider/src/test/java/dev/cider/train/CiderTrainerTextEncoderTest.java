package dev.cider.train;

import com.google.protobuf.Any;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.missing.Rmfm;
import dev.cider.model.CiderModel;
import dev.cider.model.protos.CiderModelProto;
import dev.cider.runtime.TextRepresentation;
import dev.cider.text.EncodedTextSource;
import dev.cider.text.MiniLmModel;
import dev.cider.text.MissingTokenEncoding;
import dev.cider.text.OnnxTextEncoder;
import dev.cider.text.TextEncoderSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CIDer in token-feature mode with its text encoder: the counterfactual texts are encoded (not zeroed), the encoder is
 * recorded in the model and rebuilt on load.
 */
class CiderTrainerTextEncoderTest {

    private static OnnxTextEncoder encoder;
    private static MultimodalSplits splits;
    private static CiderModel model;

    @BeforeAll
    static void train() {
        encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 16, 1);
        SyntheticSource inner = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                .sizes(48, 16, 16).build();
        splits = MultimodalSplits.load(new EncodedTextSource(inner, encoder, null));
        CiderTrainer trainer = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(2, 16, 2)
                .textEncoder(encoder).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
        model = trainer.train(splits);
    }

    @AfterAll
    static void close() {
        model.close();
        encoder.close();
    }

    private static List<MultimodalExample> test() {
        return splits.examples(DataSplit.TEST);
    }

    private static CiderModel reload(boolean keepEncoder) throws Exception {
        ModelProto proto = model.serialize();
        if (!keepEncoder) {
            CiderModelProto.Builder b = proto.getSerializedData().unpack(CiderModelProto.class).toBuilder().clearTextEncoder();
            proto = proto.toBuilder().setSerializedData(Any.pack(b.build())).build();
        }
        return (CiderModel) Model.deserialize(proto);
    }

    @Test
    void recordsTheEncoder() {
        assertEquals(TextRepresentation.TOKEN_FEATURES, model.getNetworkSpec().text());
        TextEncoderSpec spec = model.getTextEncoderSpec().orElseThrow();
        assertEquals(OnnxTextEncoder.class.getName(), spec.className());
        assertEquals(encoder.modelHash(), spec.modelHash());
        assertEquals("QUANTISED", spec.properties().get("model"));
    }

    @Test
    void counterfactualPassEncodesTheMaskedTextRatherThanZeroingIt() throws Exception {
        double[][] encoded = model.counterfactualLogProbabilities(test());
        try (CiderModel zeroing = reload(false)) {
            assertTrue(zeroing.getTextEncoderSpec().isEmpty());
            double[][] zeroed = zeroing.counterfactualLogProbabilities(test());
            double maxDiff = 0;
            for (int i = 0; i < encoded.length; i++) {
                for (int c = 0; c < encoded[i].length; c++) {
                    maxDiff = Math.max(maxDiff, Math.abs(encoded[i][c] - zeroed[i][c]));
                }
            }
            assertTrue(maxDiff > 1e-4, "counterfactual log-probabilities with the encoder and with zeroing differ by " + maxDiff);
        }
    }

    @Test
    void reloadedModelRebuildsTheEncoderAndPredictsIdentically() throws Exception {
        double[][] cf = model.counterfactualLogProbabilities(test());
        List<Prediction<Label>> before = model.predict(test(), true);
        try (CiderModel loaded = reload(true)) {
            assertEquals(model.getTextEncoderSpec(), loaded.getTextEncoderSpec());
            double[][] cfLoaded = loaded.counterfactualLogProbabilities(test());
            for (int i = 0; i < cf.length; i++) {
                for (int c = 0; c < cf[i].length; c++) {
                    assertEquals(cf[i][c], cfLoaded[i][c], 1e-5, "counterfactual of test utterance " + i);
                }
            }
            List<Prediction<Label>> after = loaded.predict(test(), true);
            for (int i = 0; i < before.size(); i++) {
                assertEquals(before.get(i).getOutput().getLabel(), after.get(i).getOutput().getLabel());
                assertEquals(before.get(i).getOutput().getScore(), after.get(i).getOutput().getScore(), 1e-5);
            }
        }
    }

    private static List<org.tribuo.Example<Label>> corrupted(double rate) {
        List<org.tribuo.Example<Label>> out = new ArrayList<>();
        for (MultimodalExample ex : test()) {
            out.add(new Rmfm().corrupt(ex, rate, 17));
        }
        return out;
    }

    /*
     * A sweep's counterfactual pass encodes each utterance's counterfactual text once, whatever the number of rates: the
     * counterfactual of the complete text, whose missing tokens' rows are then zeroed. Predicting with the cached texts
     * gives exactly the predictions of encoding them again.
     */
    @Test
    void counterfactualTextsAreEncodedOncePerUtteranceAcrossMissingRates() {
        SpecialTokens special = test().get(0).getSpecialTokens();
        UnaryOperator<TextInput> real = TextEncoderSpec.counterfactualOperator(encoder, null, MissingTokenEncoding.ZEROED, special);
        AtomicInteger calls = new AtomicInteger();
        double[] rates = {0.0, 0.3, 0.6, 1.0};
        try (CiderModel debiased = model.withTau(1.0)) {
            debiased.setCounterfactualEncoder(t -> {
                calls.incrementAndGet();
                return real.apply(t);
            });
            debiased.clearCounterfactualCache();
            long before = debiased.counterfactualEncodings();
            List<List<Prediction<Label>>> cached = new ArrayList<>();
            for (double r : rates) {
                cached.add(debiased.predict(corrupted(r), true));
            }
            assertEquals(test().size(), calls.get(), "one encoding per utterance over " + rates.length + " rates");
            assertEquals(test().size(), debiased.counterfactualEncodings() - before);
            for (int k = 0; k < rates.length; k++) {
                debiased.clearCounterfactualCache();
                List<Prediction<Label>> fresh = debiased.predict(corrupted(rates[k]), true);
                for (int i = 0; i < fresh.size(); i++) {
                    assertEquals(fresh.get(i).getOutputScores().get("positive").getScore(),
                            cached.get(k).get(i).getOutputScores().get("positive").getScore(), "rate " + rates[k] + ", utterance " + i);
                    assertEquals(fresh.get(i).getOutput().getLabel(), cached.get(k).get(i).getOutput().getLabel());
                }
            }
            assertEquals(test().size() * (1 + rates.length), calls.get(), "cleared, the cache encodes again");
        }
        // the counterfactual input of an incomplete utterance: its complete text's counterfactual, encoded, with the rows of
        // its missing tokens zeroed, next to its own (incomplete) audio and vision
        MultimodalExample complete = test().get(0);
        MultimodalExample incomplete = new Rmfm().corrupt(complete, 0.6, 17);
        assertTrue(incomplete.getCompleteText() == complete.getText());
        TextInput text = incomplete.getText();
        boolean[] keep = new boolean[text.steps()];
        int dropped = 0;
        for (int t = 0; t < keep.length; t++) {
            keep[t] = !(text.isDroppable(t, special) && text.tokenId(t) == special.unk() && complete.getText().tokenId(t) != special.unk());
            dropped += keep[t] ? 0 : 1;
        }
        assertTrue(dropped > 0, "the rate drops some text tokens");
        TextInput cf = real.apply(model.getBiasWords().counterfactual(complete.getText(), special)).withDroppedTokens(keep, special);
        MultimodalExample asInput = new MultimodalExample(incomplete.getOutput(), incomplete.getId(), incomplete.getRawText(),
                incomplete.getScore(), cf, incomplete.getAudio(), incomplete.getVision(), special);
        double[] logPcf = model.counterfactualLogProbabilities(List.of(incomplete))[0];
        Prediction<Label> direct = model.predict(List.of(asInput), false).get(0);
        for (int c = 0; c < logPcf.length; c++) {
            String name = SentimentTask.BINARY.classNames().get(c);
            assertEquals(Math.exp(logPcf[c]), direct.getOutputScores().get(name).getScore(), 1e-6, name);
        }
    }
}
