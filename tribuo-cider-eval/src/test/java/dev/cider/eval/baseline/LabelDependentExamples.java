package dev.cider.eval.baseline;

import dev.cider.data.FeatureSequence;
import dev.cider.data.MultimodalExample;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test data: binary-task examples (negative, neutral, positive in turn) whose audio frames have a mean on
 * the first dimension that depends on the class (-1.5, 0, +1.5) plus unit Gaussian noise; all other audio
 * and vision dimensions and the tokens are noise.
 */
final class LabelDependentExamples {
    static final int AUDIO_STEPS = 20;
    static final int AUDIO_DIM = 4;
    static final int VISION_STEPS = 8;
    static final int VISION_DIM = 3;
    static final int TEXT_STEPS = 12;

    private LabelDependentExamples() {
    }

    static List<MultimodalExample> generate(int count, long seed) {
        Random rng = new Random(seed);
        List<MultimodalExample> out = new ArrayList<>(count);
        SpecialTokens special = SpecialTokens.BERT_UNCASED;
        for (int i = 0; i < count; i++) {
            int cls = i % 3; // 0 negative, 1 neutral, 2 positive
            double score = cls == 1 ? 0.0 : (cls == 0 ? -1 : 1) * (0.5 + 2.5 * rng.nextDouble());
            float shift = 1.5f * (cls - 1);
            int audioLength = AUDIO_STEPS - rng.nextInt(5);
            float[][] audio = new float[audioLength][AUDIO_DIM];
            for (int t = 0; t < audioLength; t++) {
                for (int d = 0; d < AUDIO_DIM; d++) {
                    audio[t][d] = (float) rng.nextGaussian() + (d == 0 ? shift : 0f);
                }
            }
            float[][] vision = new float[VISION_STEPS][VISION_DIM];
            for (float[] row : vision) {
                for (int d = 0; d < VISION_DIM; d++) {
                    row[d] = (float) rng.nextGaussian();
                }
            }
            int textLength = 4 + rng.nextInt(TEXT_STEPS - 4);
            int[] ids = new int[TEXT_STEPS];
            ids[0] = special.cls();
            for (int t = 1; t < textLength - 1; t++) {
                ids[t] = 2000 + rng.nextInt(6);
            }
            ids[textLength - 1] = special.sep();
            out.add(new MultimodalExample(SentimentTask.BINARY.label(score), "utt-" + seed + "-" + i, "synthetic utterance " + i,
                    score, new TextInput(ids, textLength, null), FeatureSequence.fromRows(audio, AUDIO_STEPS, AUDIO_DIM),
                    FeatureSequence.fromRows(vision, VISION_STEPS, VISION_DIM), special));
        }
        return out;
    }
}
