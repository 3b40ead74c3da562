package dev.cider.eval.bench;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cider.data.MultimodalExample;
import dev.cider.onnx.OnnxGraph;
import dev.cider.onnx.WholeModelExport;
import dev.cider.onnx.WholeModelInput;
import dev.cider.runtime.CiderInference;
import dev.cider.runtime.CounterfactualFeatureCache;
import dev.cider.runtime.CounterfactualTexts;
import dev.cider.runtime.TextRepresentation;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Times the prediction of one utterance in ONNX Runtime beside DJL in the same run: the benchmark network exported
 * whole ({@link WholeModelExport}, with the counterfactual pass at the same tau as {@link InferenceBench}), run on a
 * single-threaded session (DJL predicts a few utterances on one intra-op thread too). An ONNX call includes building the
 * utterance's input row (its counterfactual text included, masked positions zeroed as in {@link InferenceBench}); a DJL
 * call includes assembling its batch. The two are timed alternately, utterance by utterance, so that both see the same
 * machine load, and the report gives their ratio per run. Also checks that both give the same probabilities.
 */
public final class OnnxLatencyBench {

    private static final double TAU = 1.0;
    private static final int WARMUP_CALLS = 5;
    private static final int AGREEMENT_UTTERANCES = 8;

    /**
     * The measured figures.
     * @param djlSeconds        Per run: the median one-utterance latency in DJL.
     * @param onnxSeconds       Per run: the median one-utterance latency in ONNX Runtime.
     * @param maxProbabilityDifference The largest difference of a class probability between the two, over a few utterances.
     * @param modelBytes        The size of the exported model.
     * @param skipped           Why the ONNX figures are missing, or null.
     */
    public record Result(double[] djlSeconds, double[] onnxSeconds, double maxProbabilityDifference, long modelBytes, String skipped) {

        /** @return Per run, ONNX Runtime's latency over DJL's. */
        public double[] ratios() {
            double[] r = new double[djlSeconds.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = onnxSeconds[i] / djlSeconds[i];
            }
            return r;
        }
    }

    private final BenchSettings settings;
    private final BenchCorpus corpus;
    private final BenchNetwork net;

    /**
     * Creates the benchmark.
     * @param settings The settings.
     * @param corpus The utterances.
     * @param net The network.
     */
    public OnnxLatencyBench(BenchSettings settings, BenchCorpus corpus, BenchNetwork net) {
        this.settings = settings;
        this.corpus = corpus;
        this.net = net;
    }

    /**
     * Exports the network, checks agreement, then times both runtimes.
     * @return The figures.
     * @throws OrtException if ONNX Runtime fails.
     */
    public Result run() throws OrtException {
        if (net.spec().text() != TextRepresentation.TOKEN_FEATURES) {
            return new Result(new double[0], new double[0], Double.NaN, 0, "the ONNX export takes token features (--text-features > 0)");
        }
        WholeModelInput layout = WholeModelInput.of(corpus.layout(), true);
        ONNXContext context = new ONNXContext();
        ONNXPlaceholder input = context.floatInput(layout.width());
        int k = net.prototypes().numClasses();
        ONNXPlaceholder output = context.floatOutput(k);
        WholeModelExport.probabilities(new OnnxGraph(context), input, layout, net.network(), net.prototypes(), TAU).assignTo(output);
        byte[] model = OnnxMl.ModelProto.newBuilder().setGraph(context.buildGraph()).setIrVersion(6)
                .addOpsetImport(ONNXOperators.getOpsetProto()).build().toByteArray();
        CiderInference djl = new CiderInference(net.network(), net.assembler(), net.testPrototypes(), net.biasWords(), null, settings.batchSize());
        CounterfactualTexts counterfactuals = new CounterfactualTexts(net.biasWords(), TextRepresentation.TOKEN_FEATURES, null,
                new CounterfactualFeatureCache());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options)) {
                List<MultimodalExample> pool = corpus.pool();
                double maxDiff = 0;
                for (int i = 0; i < Math.min(AGREEMENT_UTTERANCES, pool.size()); i++) {
                    double[] scores = djl.debiasedScores(List.of(pool.get(i)), TAU)[0];
                    float[] p = predict(env, session, layout, counterfactuals, pool.get(i));
                    double[] q = softmax(scores);
                    for (int c = 0; c < k; c++) {
                        maxDiff = Math.max(maxDiff, Math.abs(q[c] - p[c]));
                    }
                }
                for (int i = 0; i < WARMUP_CALLS; i++) {
                    djl.debiasedScores(List.of(pool.get(i % pool.size())), TAU);
                    predict(env, session, layout, counterfactuals, pool.get(i % pool.size()));
                }
                int repeats = settings.repeats();
                double[] djlRuns = new double[repeats];
                double[] onnxRuns = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    double[] d = new double[settings.latencySamples()];
                    double[] o = new double[settings.latencySamples()];
                    for (int s = 0; s < d.length; s++) {
                        MultimodalExample ex = pool.get((r * d.length + s) % pool.size());
                        boolean djlFirst = s % 2 == 0;
                        if (djlFirst) {
                            d[s] = timeDjl(djl, ex);
                        }
                        long t0 = System.nanoTime();
                        predict(env, session, layout, counterfactuals, ex);
                        o[s] = (System.nanoTime() - t0) / 1e9;
                        if (!djlFirst) {
                            d[s] = timeDjl(djl, ex);
                        }
                    }
                    djlRuns[r] = Stats.median(d);
                    onnxRuns[r] = Stats.median(o);
                }
                return new Result(djlRuns, onnxRuns, maxDiff, model.length, null);
            }
        }
    }

    private static double timeDjl(CiderInference djl, MultimodalExample ex) {
        long t0 = System.nanoTime();
        djl.debiasedScores(List.of(ex), TAU);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static float[] predict(OrtEnvironment env, OrtSession session, WholeModelInput layout, CounterfactualTexts counterfactuals,
                                   MultimodalExample ex) throws OrtException {
        float[] row = layout.row(ex, counterfactuals.of(ex));
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(row), new long[]{1, row.length});
             OrtSession.Result result = session.run(Map.of("input", tensor))) {
            return ((float[][]) result.get(0).getValue())[0];
        }
    }

    private static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        double[] p = new double[scores.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(scores[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
