package dev.cider.eval.bench;

import dev.cider.data.MultimodalExample;
import dev.cider.data.TextInput;
import dev.cider.text.OnnxTextEncoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Times the frozen text encoder that produces token features: MiniLM-L6 (quantised, ONNX Runtime, the project's
 * default {@link OnnxTextEncoder#miniLm()}) over the pool's sentences, in sentences per second.
 */
public final class EncoderBench {

    /**
     * The measured figures.
     *
     * @param sentencesPerSecond Per run: the encoding throughput.
     * @param sentences          Sentences encoded per run.
     * @param dim                The encoder's feature size.
     * @param batchesTexts       Whether the encoder batches texts (a dynamically quantised model runs one per call).
     */
    public record Result(double[] sentencesPerSecond, int sentences, int dim, boolean batchesTexts) {

        /** @return The median throughput. */
        public double medianSentencesPerSecond() {
            return Stats.median(sentencesPerSecond);
        }
    }

    private final BenchSettings settings;
    private final BenchCorpus corpus;

    /**
     * Creates the benchmark.
     * @param settings The settings.
     * @param corpus The utterances whose texts are encoded.
     */
    public EncoderBench(BenchSettings settings, BenchCorpus corpus) {
        this.settings = settings;
        this.corpus = corpus;
    }

    /**
     * Loads the encoder, warms it up and times the runs.
     * @return The figures.
     */
    public Result run() {
        List<TextInput> texts = new ArrayList<>(settings.encoderTexts());
        for (int i = 0; i < settings.encoderTexts(); i++) {
            MultimodalExample ex = corpus.pool().get(i % corpus.pool().size());
            texts.add(ex.getText());
        }
        try (OnnxTextEncoder encoder = OnnxTextEncoder.miniLm()) {
            encoder.encode(texts.subList(0, Math.min(texts.size(), 8)));
            double[] rates = new double[settings.repeats()];
            for (int r = 0; r < rates.length; r++) {
                long t0 = System.nanoTime();
                encoder.encode(texts);
                rates[r] = texts.size() / ((System.nanoTime() - t0) / 1e9);
            }
            return new Result(rates, texts.size(), encoder.dim(), encoder.batchesTexts());
        }
    }
}
