package dev.cider.data.source;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The synthetic corpus is learnable: a Tribuo logistic regression on the pooled features of each modality beats
 * the majority class on the test split, and text is the strongest modality.
 */
class SyntheticSourceLearnabilityTest {

    private static MutableDataset<Label> restrict(List<MultimodalExample> examples, String prefix) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> out = new MutableDataset<>(new SimpleDataSourceProvenance("pooled " + prefix, factory), factory);
        for (MultimodalExample ex : examples) {
            ArrayExample<Label> copy = new ArrayExample<>(ex.getOutput());
            for (Feature f : ex) {
                if (f.getName().startsWith(prefix)) {
                    copy.add(f.getName(), f.getValue());
                }
            }
            out.add(copy);
        }
        return out;
    }

    private static double majorityAccuracy(MutableDataset<Label> train, MutableDataset<Label> test) {
        Map<String, Integer> counts = new HashMap<>();
        for (Example<Label> ex : train) {
            counts.merge(ex.getOutput().getLabel(), 1, Integer::sum);
        }
        String majority = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        int hits = 0;
        for (Example<Label> ex : test) {
            hits += ex.getOutput().getLabel().equals(majority) ? 1 : 0;
        }
        return hits / (double) test.size();
    }

    @Test
    void everyModalityCarriesLearnableSignal() {
        SyntheticSource source = SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).sizes(800, 10, 400).seed(11).build();
        MultimodalSplits splits = MultimodalSplits.load(source);
        List<MultimodalExample> train = splits.examples(DataSplit.TRAIN);
        List<MultimodalExample> test = splits.examples(DataSplit.TEST);
        Map<String, Double> accuracy = new HashMap<>();
        double majority = 0;
        for (String prefix : new String[]{"text.", "audio.", "vision.", ""}) {
            MutableDataset<Label> tr = restrict(train, prefix);
            MutableDataset<Label> te = restrict(test, prefix);
            majority = majorityAccuracy(tr, te);
            Model<Label> model = new LogisticRegressionTrainer().train(tr);
            accuracy.put(prefix, new LabelEvaluator().evaluate(model, te).accuracy());
        }
        for (String prefix : new String[]{"audio.", "vision."}) {
            assertTrue(accuracy.get(prefix) > majority + 0.05, prefix + " accuracy " + accuracy + " vs majority " + majority);
        }
        assertTrue(accuracy.get("text.") > majority + 0.15, "text accuracy " + accuracy + " vs majority " + majority);
        assertTrue(accuracy.get("text.") > accuracy.get("audio.") && accuracy.get("text.") > accuracy.get("vision."), accuracy.toString());
        assertTrue(accuracy.get("") > accuracy.get("audio."), accuracy.toString());
    }

    @Test
    void aBiasedTextModelLosesAccuracyOnTheOodTestSplit() {
        SyntheticSource.Builder b = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(800, 10, 500).seed(3).bias(0.6, 0.9);
        List<MultimodalExample> train = b.build().examples();
        List<MultimodalExample> iid = b.split(DataSplit.TEST).build().examples();
        List<MultimodalExample> ood = b.oodTest(true).split(DataSplit.TEST).build().examples();
        Model<Label> model = new LogisticRegressionTrainer().train(restrict(train, "text."));
        double iidAccuracy = new LabelEvaluator().evaluate(model, restrict(iid, "text.")).accuracy();
        double oodAccuracy = new LabelEvaluator().evaluate(model, restrict(ood, "text.")).accuracy();
        assertTrue(oodAccuracy < iidAccuracy - 0.05, "IID " + iidAccuracy + " vs OOD " + oodAccuracy);
    }
}
