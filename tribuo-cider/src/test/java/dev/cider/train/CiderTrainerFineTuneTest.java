package dev.cider.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.maci.MaciNetwork;
import dev.cider.model.CiderModel;
import dev.cider.runtime.NetworkInputs;
import dev.cider.runtime.NetworkSpec;
import dev.cider.runtime.TextRepresentation;
import dev.cider.nn.bert.BertEncoderBlock;
import dev.cider.nn.bert.BertWeights;
import dev.cider.text.MiniLmModel;
import dev.cider.nn.bert.OnnxInitializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CIDer with a fine-tuned MiniLM text front end (float weights, loaded once): one short epoch moves the encoder's
 * weights, the encoder's no-decay group holds exactly its biases and LayerNorm parameters, the spec records the front
 * end and a saved model predicts identically after loading.
 */
class CiderTrainerFineTuneTest {

    private static MultimodalSplits splits;
    private static CiderModel model;
    private static BertWeights pretrained;

    @BeforeAll
    static void train() throws Exception {
        pretrained = BertWeights.loadFromOnnx(MiniLmModel.FLOAT);
        SyntheticSource source = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9)
                .sizes(24, 8, 8).build();
        splits = MultimodalSplits.load(source);
        CiderTrainer trainer = CiderTrainer.builder(SentimentTask.BINARY, 4).schedule(1, 12, 1)
                .fineTuning(null, 12, 1e-3f, EncoderParameterGroups.DEFAULT_WEIGHT_DECAY).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
        model = trainer.train(splits);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void specRecordsTheBertFrontEnd() {
        NetworkSpec spec = model.getNetworkSpec();
        assertEquals(TextRepresentation.FINE_TUNED_BERT, spec.text());
        assertEquals(384, spec.bert().hiddenSize());
        assertEquals(6, spec.bert().layers());
        assertEquals(spec, NetworkSpec.fromMap(spec.toMap()));
    }

    @Test
    void trainingMovesTheEncoderWeightsAndGroupsSeparateNoDecayParameters() throws Exception {
        NetworkSpec spec = model.getNetworkSpec();
        try (NDManager manager = NDManager.newBaseManager()) {
            MaciNetwork network = spec.build();
            network.initialize(manager, DataType.FLOAT32, NetworkInputs.shapes(spec, model.getLayout(), model.getPrototypes(), 1));
            network.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(model.getParameters())));
            BertEncoderBlock bert = network.bertFrontEnd().orElseThrow();
            Map<String, OnnxInitializers.Tensor> original = pretrained.stateDict();
            int changed = 0;
            double maxShift = 0;
            for (Map.Entry<String, Parameter> e : bert.stateDictParameters().entrySet()) {
                float[] now = e.getValue().getArray().toFloatArray();
                float[] before = original.get(e.getKey()).values();
                double shift = 0;
                for (int i = 0; i < now.length; i++) {
                    shift = Math.max(shift, Math.abs(now[i] - before[i]));
                }
                maxShift = Math.max(maxShift, shift);
                if (shift > 1e-6) {
                    changed++;
                }
            }
            assertTrue(changed > bert.stateDictParameters().size() / 2, changed + " of " + bert.stateDictParameters().size()
                    + " encoder tensors moved (largest shift " + maxShift + ")");
            assertTrue(maxShift < 0.5, "encoder weights stay near the pretrained ones, largest shift " + maxShift);

            String prefix = EncoderParameterGroups.prefixOf(network, bert);
            CheckpointableAdam.Group[] groups = EncoderParameterGroups.paperDefaults(bert, prefix);
            Predicate<String> noDecay = groups[0].matches();
            Predicate<String> encoder = groups[1].matches();
            assertEquals(0f, groups[0].weightDecay());
            assertEquals(EncoderParameterGroups.DEFAULT_WEIGHT_DECAY, groups[1].weightDecay());
            Set<String> noDecayNames = bert.noDecayParameterNames();
            int biases = 0;
            int weights = 0;
            for (Pair<String, Parameter> p : network.getParameters()) {
                String name = p.getKey();
                Parameter.Type type = p.getValue().getType();
                boolean inBert = name.startsWith(prefix);
                assertEquals(inBert, encoder.test(name), name);
                if (!inBert) {
                    assertFalse(noDecay.test(name), "backbone/head parameter " + name + " is in the encoder's group");
                    continue;
                }
                boolean exempt = type == Parameter.Type.BIAS || type == Parameter.Type.GAMMA || type == Parameter.Type.BETA;
                assertEquals(exempt, noDecay.test(name), name + " (" + type + ")");
                assertEquals(exempt, noDecayNames.contains(name.substring(prefix.length())), name);
                if (exempt) {
                    biases++;
                } else {
                    weights++;
                }
            }
            assertTrue(biases > 0 && weights > 0, biases + " exempt and " + weights + " decayed encoder parameters");
        }
    }

    @Test
    void tokenFeaturesAttachedToTheInputsAreIgnored() {
        List<MultimodalExample> test = splits.examples(DataSplit.TEST);
        List<MultimodalExample> featured = new java.util.ArrayList<>();
        for (MultimodalExample ex : test) {
            featured.add(ex.withText(ex.getText().withTokenFeatures(
                    dev.cider.data.FeatureSequence.zeros(ex.getText().steps(), 8, ex.getText().length()))));
        }
        double[][] cf = model.counterfactualLogProbabilities(test);
        double[][] cfFeatured = model.counterfactualLogProbabilities(featured);
        List<Prediction<Label>> plain = model.predict(test, true);
        List<Prediction<Label>> withFeatures = model.predict(featured, true);
        for (int i = 0; i < test.size(); i++) {
            assertEquals(plain.get(i).getOutput().getScore(), withFeatures.get(i).getOutput().getScore(), 1e-6);
            assertEquals(cf[i][0], cfFeatured[i][0], 1e-6);
        }
    }

    @Test
    void savedModelPredictsIdentically() throws Exception {
        List<MultimodalExample> test = splits.examples(DataSplit.TEST);
        List<Prediction<Label>> before = model.predict(test, true);
        try (CiderModel loaded = (CiderModel) Model.deserialize(model.serialize())) {
            assertEquals(model.getNetworkSpec(), loaded.getNetworkSpec());
            List<Prediction<Label>> after = loaded.predict(test, true);
            for (int i = 0; i < before.size(); i++) {
                assertEquals(before.get(i).getOutput().getLabel(), after.get(i).getOutput().getLabel());
                assertEquals(before.get(i).getOutput().getScore(), after.get(i).getOutput().getScore(), 1e-5);
            }
        }
    }
}
