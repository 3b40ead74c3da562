package dev.cider.model;

import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The tiny model, utterances and expected predictions frozen into {@code src/test/resources/dev/cider/model/frozen}
 * for {@link FrozenModelTest}: a model file of the current format that later versions must keep reading.
 * <p>
 * The suite never runs this. Regenerate the files only when the model format changes on purpose (a new
 * {@link CiderModel#CURRENT_VERSION}; keep the old files and test in that case, under their version's name), with
 * <pre>
 *   mvn -o -q -pl tribuo-cider test-compile
 *   java -Dai.djl.offline=true -cp "tribuo-cider/target/test-classes:tribuo-cider/target/classes:$(cat cp.txt)" \
 *       dev.cider.model.FrozenModelFixture tribuo-cider/src/test/resources/dev/cider/model/frozen
 * </pre>
 * where {@code cp.txt} is written by {@code mvn -o -q -pl tribuo-cider dependency:build-classpath
 * -Dmdep.outputFile=$PWD/cp.txt -Dmdep.includeScope=test}.
 */
public final class FrozenModelFixture {

    /** The model file. */
    public static final String MODEL = "cider-model-v" + CiderModel.CURRENT_VERSION + ".tribuo";
    /** The utterances the expected predictions are for: a serialised Tribuo dataset of multimodal examples. */
    public static final String UTTERANCES = "utterances.pb";
    /** The expected class probabilities, one utterance a line. */
    public static final String PREDICTIONS = "expected-predictions.tsv";

    private static final int TEXT_STEPS = 6;
    private static final int TEXT_DIM = 4;
    private static final int AUDIO_STEPS = 5;
    private static final int AUDIO_DIM = 3;
    private static final int VISION_STEPS = 4;
    private static final int VISION_DIM = 2;

    private FrozenModelFixture() {}

    /**
     * Utterances with token features ({@code T_l = 6, d_l = 4, T_a = 5, d_a = 3, T_v = 4, d_v = 2}) whose every
     * modality carries the sign of the score, some incomplete (shorter, a dropped frame, an [UNK] token).
     * @param count How many.
     * @param seed The seed.
     * @return The utterances.
     */
    public static List<MultimodalExample> utterances(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<MultimodalExample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double score = Math.round((rng.nextDouble() * 5.6 - 2.8) * 10) / 10.0;
            double sign = score >= 0 ? 1 : -1;
            int words = 1 + rng.nextInt(TEXT_STEPS - 2);
            int[] ids = new int[TEXT_STEPS];
            ids[0] = SpecialTokens.BERT_UNCASED.cls();
            for (int w = 1; w <= words; w++) {
                ids[w] = i % 7 == 3 && w == 1 ? SpecialTokens.BERT_UNCASED.unk() : (sign > 0 ? 2000 : 3000) + rng.nextInt(5);
            }
            ids[words + 1] = SpecialTokens.BERT_UNCASED.sep();
            int textLength = words + 2;
            float[] tokens = new float[TEXT_STEPS * TEXT_DIM];
            for (int t = 1; t <= words; t++) {
                if (ids[t] == SpecialTokens.BERT_UNCASED.unk()) {
                    continue;
                }
                for (int d = 0; d < TEXT_DIM; d++) {
                    tokens[t * TEXT_DIM + d] = (float) (sign * 0.5 * (d + 1) / TEXT_DIM + rng.nextGaussian() * 0.3);
                }
            }
            TextInput text = new TextInput(ids, textLength, new FeatureSequence(tokens, TEXT_STEPS, TEXT_DIM, textLength));
            out.add(new MultimodalExample(SentimentTask.BINARY.label(score), "u" + i, "utterance " + i, score, text,
                    frames(rng, sign, AUDIO_STEPS, AUDIO_DIM, i % 5 == 1), frames(rng, sign, VISION_STEPS, VISION_DIM, i % 6 == 2),
                    SpecialTokens.BERT_UNCASED));
        }
        return out;
    }

    private static FeatureSequence frames(SplittableRandom rng, double sign, int steps, int dim, boolean incomplete) {
        int length = incomplete ? steps - 1 : steps;
        float[] v = new float[steps * dim];
        for (int t = 0; t < length; t++) {
            if (incomplete && t == 1) {
                continue; // a dropped (zero) frame
            }
            for (int d = 0; d < dim; d++) {
                v[t * dim + d] = (float) (sign * 0.4 + rng.nextGaussian() * 0.5);
            }
        }
        return new FeatureSequence(v, steps, dim, length);
    }

    /**
     * A Tribuo dataset of utterances.
     * @param utterances The utterances.
     * @param name The data source name recorded in its provenance.
     * @return The dataset.
     */
    public static MutableDataset<Label> dataset(List<MultimodalExample> utterances, String name) {
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance(name, new LabelFactory()), new LabelFactory());
        utterances.forEach(d::add);
        return d;
    }

    /**
     * One line of the expected-predictions file: the utterance id, the predicted label and every class probability.
     * @param id The utterance id.
     * @param prediction The prediction.
     * @return The line.
     */
    static String line(String id, Prediction<Label> prediction) {
        StringBuilder sb = new StringBuilder(id).append('\t').append(prediction.getOutput().getLabel());
        for (String c : SentimentTask.BINARY.classNames()) {
            sb.append('\t').append(c).append('=').append(String.format(Locale.ROOT, "%.17g", prediction.getOutputScores().get(c).getScore()));
        }
        return sb.toString();
    }

    /**
     * Trains the tiny model (hidden size 8, one layer, two heads, 4 epochs on 80 utterances) and writes the model,
     * 12 other utterances and the model's predictions on them into a directory.
     * @param args The directory.
     * @throws IOException if a file cannot be written.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: FrozenModelFixture <directory>");
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        CiderTrainer trainer = CiderTrainer.builder(SentimentTask.BINARY, 17).schedule(4, 16, 10)
                .showProgress(false).architecture(CiderArchitecture.builder().size(8, 1, 2).build()).build();
        List<MultimodalExample> test = utterances(12, 99);
        try (CiderModel model = trainer.train(dataset(utterances(80, 5), "frozen-model training utterances"))) {
            model.serializeToFile(dir.resolve(MODEL));
            dataset(test, "frozen-model test utterances").serializeToFile(dir.resolve(UTTERANCES));
            List<String> lines = new ArrayList<>();
            lines.add("# CiderModel format version " + CiderModel.CURRENT_VERSION + ": expected predictions of " + MODEL + " on "
                    + UTTERANCES + " (written by FrozenModelFixture)");
            List<Prediction<Label>> predictions = model.predict(test, model.isDebiasing());
            for (int i = 0; i < test.size(); i++) {
                lines.add(line(test.get(i).getId(), predictions.get(i)));
            }
            Files.write(dir.resolve(PREDICTIONS), lines, StandardCharsets.UTF_8);
        }
    }
}
