package dev.cider.model;

import dev.cider.data.MultimodalExample;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicts new utterances with a {@link CiderModel}: encodes them with an {@link UtteranceEncoder} and returns each
 * one's label, class probabilities, missing modalities and truncation notes.
 * <p>
 * Thread-safe: encoding is, and the model serialises its predictions internally, so one predictor can serve several
 * threads (the HTTP server does). For a token-feature model whose trainer recorded its text encoder, the predictor gives
 * the model the encoder it rebuilt ({@link CiderModel#attachTextEncoder}) so that the counterfactual texts use the same
 * instance; close the predictor only after the model's last prediction.
 */
public final class UtterancePredictor implements AutoCloseable {

    private final CiderModel model;
    private final UtteranceEncoder encoder;

    /**
     * Creates a predictor.
     * @param model The model (the caller keeps ownership and closes it).
     * @param tokenizerJson A {@code tokenizer.json} of the model's vocabulary, or null for the bundled bert-base-uncased one.
     * @throws IllegalArgumentException if the model's text cannot be encoded here (see {@link UtteranceEncoder#forModel}).
     */
    public UtterancePredictor(CiderModel model, Path tokenizerJson) {
        this.model = model;
        this.encoder = UtteranceEncoder.forModel(model, tokenizerJson);
        // A model whose trainer recorded the encoder encodes its counterfactual texts with it: share this instance. A model
        // whose encoder is only in its data's provenance zeroes the masked positions of counterfactual texts, as in training.
        encoder.textEncoder().filter(e -> model.getTextEncoderSpec().filter(s -> s.modelHash().equals(e.modelHash())).isPresent())
                .ifPresent(model::attachTextEncoder);
    }

    /** @return The model. */
    public CiderModel model() {
        return model;
    }

    /** @return The encoder of the utterances. */
    public UtteranceEncoder encoder() {
        return encoder;
    }

    /**
     * Predicts utterances.
     * @param utterances The utterances.
     * @param debiased Whether to apply MACI's counterfactual debiasing (the model's default is on).
     * @return One prediction each, in order.
     * @throws IllegalArgumentException naming the first utterance that cannot be encoded and why.
     */
    public List<UtterancePrediction> predict(List<Utterance> utterances, boolean debiased) {
        List<EncodedUtterance> encoded = encoder.encode(utterances);
        List<MultimodalExample> examples = new ArrayList<>(encoded.size());
        for (EncodedUtterance e : encoded) {
            examples.add(e.example());
        }
        List<Prediction<Label>> predictions = model.predict(examples, debiased);
        List<UtterancePrediction> out = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            Prediction<Label> p = predictions.get(i);
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (String c : model.getTask().classNames()) {
                Label l = p.getOutputScores().get(c);
                probabilities.put(c, l == null ? 0.0 : l.getScore());
            }
            EncodedUtterance e = encoded.get(i);
            out.add(new UtterancePrediction(e.example().getId(), p.getOutput().getLabel(), probabilities,
                    UtterancePrediction.ordered(e.missing()), e.notes()));
        }
        return out;
    }

    /**
     * Closes the encoder (the tokenizer and any text encoder), not the model.
     */
    @Override
    public void close() {
        encoder.close();
    }
}
