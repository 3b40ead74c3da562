package dev.cider.eval.sweep;

import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.missing.Rmfm;
import dev.cider.model.CiderModel;
import dev.cider.text.EncodedTextSource;
import dev.cider.text.MiniLmModel;
import dev.cider.text.OnnxTextEncoder;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;

import java.util.List;
import java.util.Locale;

/**
 * Times the sweep of a token-feature CIDer (MiniLM features, one epoch on synthetic MOSI-shaped data) over the eleven
 * default RMFM rates with tau 0 and with tau 1, whose counterfactual pass encodes counterfactual texts with MiniLM: the
 * measurement of BENCHMARKS.md ("Counterfactual texts encoded once"). Not a test; run with the test class path.
 * <p>
 * Argument: the number of test utterances.
 */
public final class CounterfactualSweepTiming {

    private CounterfactualSweepTiming() {
    }

    /**
     * Runs the measurement.
     * @param args The test size.
     */
    public static void main(String[] args) {
        int testSize = Integer.parseInt(args[0]);
        try (OnnxTextEncoder encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 32, 1)) {
            SyntheticSource inner = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(5)
                    .sizes(200, 50, testSize).build();
            MultimodalSplits splits = MultimodalSplits.load(new EncodedTextSource(inner, encoder, null));
            CiderModel model = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 32, 1)
                    .textEncoder(encoder).showProgress(false)
                    .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build().train(splits);
            List<MultimodalExample> test = splits.examples(DataSplit.TEST);
            for (double tau : new double[] {0.0, 1.0}) {
                try (CiderModel m = model.withTau(tau)) {
                    long t0 = System.nanoTime();
                    SweepResult r = new MissingRateSweep(new Rmfm(), MissingRateSweep.DEFAULT_RATES, 0)
                            .run("CIDer", m, test, SentimentTask.BINARY, splits.provenance(DataSplit.TEST), null);
                    System.out.printf(Locale.ROOT, "tau %.1f: sweep of %d test utterances over %d rates in %.1f s (Acc2 at rate 0.5: %.4f)%n",
                            tau, test.size(), MissingRateSweep.DEFAULT_RATES.length, (System.nanoTime() - t0) / 1e9,
                            r.points().get(5).metrics().headline());
                }
            }
            model.close();
        }
    }
}
