package dev.cider.data.source;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.cider.data.DataLayout;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.data.TextInput;
import org.junit.jupiter.api.Test;
import org.tribuo.provenance.DataSourceProvenance;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticSourceTest {

    private static SyntheticSource.Builder small(SyntheticPreset preset) {
        return SyntheticSource.builder(preset).sizes(60, 20, 40);
    }

    private static void assertSameExample(MultimodalExample a, MultimodalExample b) {
        assertEquals(a.getId(), b.getId());
        assertEquals(a.getScore(), b.getScore());
        assertEquals(a.getOutput(), b.getOutput());
        assertEquals(a.getRawText(), b.getRawText());
        assertEquals(a.getText(), b.getText());
        assertEquals(a.getAudio(), b.getAudio());
        assertEquals(a.getVision(), b.getVision());
    }

    private static void assertSameExamples(List<MultimodalExample> a, List<MultimodalExample> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertSameExample(a.get(i), b.get(i));
        }
    }

    @Test
    void sameSeedGivesIdenticalExamplesAndAnotherSeedDoesNot() {
        List<MultimodalExample> a = small(SyntheticPreset.MOSI_UNALIGNED).seed(7).build().examples();
        List<MultimodalExample> b = small(SyntheticPreset.MOSI_UNALIGNED).seed(7).build().examples();
        assertSameExamples(a, b);
        List<MultimodalExample> c = small(SyntheticPreset.MOSI_UNALIGNED).seed(8).build().examples();
        int sameScore = 0;
        int sameText = 0;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).getId(), c.get(i).getId());
            assertNotEquals(a.get(i).getAudio(), c.get(i).getAudio());
            sameScore += a.get(i).getScore() == c.get(i).getScore() ? 1 : 0;
            sameText += a.get(i).getRawText().equals(c.get(i).getRawText()) ? 1 : 0;
        }
        assertTrue(sameScore < a.size() / 2, "scores change with the seed: " + sameScore + " equal");
        assertEquals(0, sameText);
    }

    @Test
    void aSplitDoesNotDependOnTheOthersBeingGenerated() {
        SyntheticSource testFirst = small(SyntheticPreset.MOSI_ALIGNED).split(DataSplit.TEST).build();
        List<MultimodalExample> alone = testFirst.examples();
        SyntheticSource train = small(SyntheticPreset.MOSI_ALIGNED).build();
        train.examples();
        train.forSplit(DataSplit.VALID).examples();
        assertSameExamples(alone, train.forSplit(DataSplit.TEST).examples());
        // Streaming one utterance gives the stored one.
        assertSameExample(alone.get(17), testFirst.example(17));
        // Splits are different draws.
        assertNotEquals(train.examples().get(0).getAudio(), alone.get(0).getAudio());
        assertEquals("synth-test-00017", alone.get(17).getId());
        assertEquals("synth-train-00003", train.examples().get(3).getId());
    }

    @Test
    void sizesAndLayoutFollowThePreset() {
        for (SyntheticPreset preset : SyntheticPreset.values()) {
            SyntheticSource src = SyntheticSource.builder(preset).sizes(12, 5, 7).build();
            MultimodalSplits splits = MultimodalSplits.load(src);
            assertEquals(Map.of("train", 12, "valid", 5, "test", 7), splits.sizes());
            DataLayout layout = splits.layout();
            assertEquals(preset.layout(), layout);
            assertEquals(SyntheticPreset.TEXT_STEPS, layout.textSteps());
            assertEquals(preset.aligned(), layout.aligned());
            for (DataSplit s : DataSplit.values()) {
                for (MultimodalExample ex : splits.examples(s)) {
                    checkText(ex.getText());
                    assertTrue(ex.getAudio().length() >= 1 && ex.getVision().length() >= 1);
                    if (preset.aligned()) {
                        assertEquals(ex.getText().length(), ex.getAudio().length());
                        assertEquals(ex.getText().length(), ex.getVision().length());
                    }
                    for (int t = ex.getAudio().length(); t < ex.getAudio().steps(); t++) {
                        assertTrue(ex.getAudio().isZeroFrame(t), "audio padding is zero");
                    }
                }
            }
        }
        assertEquals(new DataLayout(50, 0, 375, 5, 500, 20), SyntheticPreset.MOSI_UNALIGNED.layout());
        assertEquals(new DataLayout(50, 0, 500, 74, 500, 35), SyntheticPreset.MOSEI_UNALIGNED.layout());
        assertEquals(new DataLayout(50, 0, 50, 74, 50, 35), SyntheticPreset.MOSEI_ALIGNED.layout());
        assertEquals(new DataLayout(50, 0, 50, 5, 50, 20), SyntheticPreset.MOSI_ALIGNED.layout());
    }

    private static void checkText(TextInput text) {
        SpecialTokens special = SpecialTokens.BERT_UNCASED;
        assertEquals(special.cls(), text.tokenId(0));
        assertEquals(special.sep(), text.tokenId(text.length() - 1));
        for (int t = 1; t < text.length() - 1; t++) {
            assertFalse(special.isSpecial(text.tokenId(t)));
        }
        for (int t = text.length(); t < text.steps(); t++) {
            assertEquals(special.pad(), text.tokenId(t));
        }
    }

    @Test
    void standardSizesNeedNoGeneration() {
        SyntheticSource mosi = SyntheticSource.mosiUnaligned(DataSplit.TRAIN, SentimentTask.BINARY, 1);
        assertEquals(1284, mosi.size());
        assertEquals(229, ((SyntheticSource) mosi.forSplit(DataSplit.VALID)).size());
        assertEquals(686, ((SyntheticSource) mosi.forSplit(DataSplit.TEST)).size());
        SyntheticSource mosei = SyntheticSource.moseiUnaligned(DataSplit.TEST, SentimentTask.SEVEN, 1);
        assertEquals(4659, mosei.size());
        assertEquals(16326, ((SyntheticSource) mosei.forSplit(DataSplit.TRAIN)).size());
        assertEquals(1871, ((SyntheticSource) mosei.forSplit(DataSplit.VALID)).size());
        // Provenance of the 16k-utterance MOSEI split is available without generating it (1.4 GB of frames).
        DataSourceProvenance prov = mosei.forSplit(DataSplit.TRAIN).getProvenance();
        assertEquals(16326, ((MultimodalSourceProvenance) prov).getInstanceValues().get(MultimodalSourceProvenance.NUM_EXAMPLES).getValue());
        // About 2 GB for the full MOSEI-unaligned corpus, documented in the preset.
        double gb = mosei.estimatedCorpusBytes() / 1e9;
        assertTrue(gb > 1.5 && gb < 2.5, "MOSEI-unaligned estimate " + gb + " GB");
        assertEquals(SyntheticPreset.MOSI_ALIGNED, SyntheticSource.mosiAligned(DataSplit.TRAIN, SentimentTask.BINARY, 1).getPreset());
        assertEquals(SyntheticPreset.MOSEI_ALIGNED, SyntheticSource.moseiAligned(DataSplit.TRAIN, SentimentTask.BINARY, 1).getPreset());
    }

    @Test
    void scoresAreGradedAndEveryClassOccurs() {
        SyntheticSource src = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(800, 10, 10).task(SentimentTask.SEVEN).build();
        int[] seven = new int[7];
        int[] three = new int[3];
        Set<String> labels = new HashSet<>();
        for (MultimodalExample ex : src.examples()) {
            double y = ex.getScore();
            assertTrue(y >= -3 && y <= 3);
            double thirds = y * 3;
            assertEquals(Math.rint(thirds), thirds, 1e-9, "score " + y + " is a multiple of 1/3 (three annotators)");
            seven[SentimentTask.SEVEN.classIndex(y)]++;
            three[SentimentTask.BINARY.classIndex(y)]++;
            labels.add(ex.getOutput().getLabel());
        }
        for (int c = 0; c < 7; c++) {
            assertTrue(seven[c] > 0, "seven-way class " + c + " occurs");
        }
        for (int c = 0; c < 3; c++) {
            assertTrue(three[c] > 40, "three-way class " + c + " occurs often: " + three[c]);
        }
        assertEquals(7, labels.size(), "the SEVEN task labels the examples with seven classes");
        // Score mixture: more positives than negatives at the default positiveFraction.
        assertTrue(three[2] > three[0]);
        List<MultimodalExample> binary = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(800, 10, 10).build().examples();
        assertEquals(SentimentTask.BINARY.label(binary.get(5).getScore()), binary.get(5).getOutput());
    }

    @Test
    void audioVisionAndTextCarryTheLabel() {
        double withSignal = separation(SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).sizes(400, 5, 5).build());
        double without = separation(SyntheticSource.builder(SyntheticPreset.MOSI_UNALIGNED).sizes(400, 5, 5).audioSignal(0).build());
        assertTrue(withSignal > 3 * without, "audio class-mean separation " + withSignal + " vs " + without + " without signal");

        int positiveWordsInPositive = 0;
        int positiveWordsInNegative = 0;
        Set<Integer> positiveIds = new HashSet<>();
        SyntheticLexicon.POSITIVE.forEach(w -> positiveIds.add(w.tokenId()));
        for (MultimodalExample ex : SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(400, 5, 5).build().examples()) {
            for (int t = 0; t < ex.getText().length(); t++) {
                if (positiveIds.contains(ex.getText().tokenId(t))) {
                    if (ex.getScore() > 0) {
                        positiveWordsInPositive++;
                    } else if (ex.getScore() < 0) {
                        positiveWordsInNegative++;
                    }
                }
            }
        }
        assertTrue(positiveWordsInPositive > 2 * positiveWordsInNegative,
                "positive words: " + positiveWordsInPositive + " in positive vs " + positiveWordsInNegative + " in negative utterances");
    }

    /** The distance between the mean time-averaged audio frames of positive and of negative utterances. */
    private static double separation(SyntheticSource src) {
        int dim = src.getPreset().layout().audioDim();
        double[] pos = new double[dim];
        double[] neg = new double[dim];
        int np = 0;
        int nn = 0;
        for (MultimodalExample ex : src.examples()) {
            double[] m = ex.getAudio().validMean();
            if (ex.getScore() > 0) {
                np++;
                for (int d = 0; d < dim; d++) {
                    pos[d] += m[d];
                }
            } else if (ex.getScore() < 0) {
                nn++;
                for (int d = 0; d < dim; d++) {
                    neg[d] += m[d];
                }
            }
        }
        double sq = 0;
        for (int d = 0; d < dim; d++) {
            double diff = pos[d] / np - neg[d] / nn;
            sq += diff * diff;
        }
        return Math.sqrt(sq);
    }

    @Test
    void languageBiasHoldsInTrainAndIsReversedInTheOodTest() {
        SyntheticSource.Builder b = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(600, 300, 600).bias(0.5, 0.9).oodTest(true);
        SyntheticSource train = b.build();
        double[] trainAgreement = biasAgreement(train.examples());
        double[] validAgreement = biasAgreement(train.forSplit(DataSplit.VALID).examples());
        double[] oodAgreement = biasAgreement(train.forSplit(DataSplit.TEST).examples());
        for (int g = 0; g < 2; g++) {
            assertTrue(trainAgreement[g] > 0.85, "train: bias group " + g + " agrees with the label in " + trainAgreement[g]);
            assertTrue(validAgreement[g] > 0.8, "valid is IID with train: " + validAgreement[g]);
            assertTrue(oodAgreement[g] < 0.15, "OOD test: bias group " + g + " agrees with the label in only " + oodAgreement[g]);
        }
        // Without oodTest the test split is IID; apart from the bias word, the OOD test utterances are the IID ones.
        List<MultimodalExample> iid = b.oodTest(false).split(DataSplit.TEST).build().examples();
        double[] iidAgreement = biasAgreement(iid);
        assertTrue(iidAgreement[0] > 0.85 && iidAgreement[1] > 0.85);
        List<MultimodalExample> ood = train.forSplit(DataSplit.TEST).examples();
        int differentText = 0;
        for (int i = 0; i < iid.size(); i++) {
            assertEquals(iid.get(i).getScore(), ood.get(i).getScore());
            assertEquals(iid.get(i).getAudio(), ood.get(i).getAudio());
            differentText += iid.get(i).getRawText().equals(ood.get(i).getRawText()) ? 0 : 1;
        }
        assertTrue(differentText > 100, "bias words differ in " + differentText + " test utterances");
        // Strength 0: bias words carry no label information.
        double[] none = biasAgreement(b.bias(0.5, 0.0).split(DataSplit.TRAIN).build().examples());
        assertTrue(none[0] > 0.3 && none[0] < 0.7 && none[1] > 0.3 && none[1] < 0.7, "no bias: " + none[0] + ", " + none[1]);
    }

    @Test
    void oodLabelShiftMovesTheLabelBalanceOfTheReversedSplitsOnly() {
        SyntheticSource.Builder b = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).sizes(2000, 2000, 2000).positiveFraction(0.6)
                .oodTest(true).oodLabelShift(0.2);
        double train = positiveShare(b.build().examples());
        double valid = positiveShare(b.split(DataSplit.VALID).build().examples());
        double test = positiveShare(b.split(DataSplit.TEST).build().examples());
        double validOod = positiveShare(b.oodValid(true).split(DataSplit.VALID).build().examples());
        // 2,000 utterances: the standard error of a share is about 0.012
        assertEquals(0.6, train, 0.04, "train keeps positiveFraction");
        assertEquals(0.6, valid, 0.04, "an IID valid split keeps positiveFraction");
        assertEquals(0.4, test, 0.04, "the OOD test split has positiveFraction - oodLabelShift");
        assertEquals(0.4, validOod, 0.04, "an OOD valid split too");
        assertBad("oodLabelShift", x -> x.positiveFraction(0.3).oodLabelShift(0.5));
        assertBad("oodLabelShift", x -> x.positiveFraction(0.7).oodLabelShift(-0.4));
    }

    /** The share of positive scores among the non-neutral utterances. */
    private static double positiveShare(List<MultimodalExample> examples) {
        long positive = examples.stream().filter(e -> e.getScore() > 0).count();
        long nonNeutral = examples.stream().filter(e -> e.getScore() != 0).count();
        return positive / (double) nonNeutral;
    }

    /**
     * For the positive-leaning and the negative-leaning bias words: the share of the non-neutral utterances holding
     * one whose label has the word's leaning.
     */
    private static double[] biasAgreement(List<MultimodalExample> examples) {
        Set<Integer> positive = new HashSet<>();
        Set<Integer> negative = new HashSet<>();
        SyntheticLexicon.BIAS_POSITIVE.forEach(w -> positive.add(w.tokenId()));
        SyntheticLexicon.BIAS_NEGATIVE.forEach(w -> negative.add(w.tokenId()));
        int[] agree = new int[2];
        int[] total = new int[2];
        for (MultimodalExample ex : examples) {
            if (ex.getScore() == 0) {
                continue;
            }
            for (int t = 0; t < ex.getText().length(); t++) {
                int id = ex.getText().tokenId(t);
                if (positive.contains(id)) {
                    total[0]++;
                    agree[0] += ex.getScore() > 0 ? 1 : 0;
                } else if (negative.contains(id)) {
                    total[1]++;
                    agree[1] += ex.getScore() < 0 ? 1 : 0;
                }
            }
        }
        assertTrue(total[0] > 20 && total[1] > 20, "enough bias words: " + total[0] + ", " + total[1]);
        return new double[]{agree[0] / (double) total[0], agree[1] / (double) total[1]};
    }

    @Test
    void provenanceHoldsEveryGeneratorParameter() {
        SyntheticSource src = SyntheticSource.builder(SyntheticPreset.MOSEI_ALIGNED).sizes(9, 4, 3).bias(0.25, 0.75).seed(123).build();
        MultimodalSourceProvenance prov = (MultimodalSourceProvenance) src.getProvenance();
        Map<String, Provenance> configured = prov.getConfiguredParameters();
        List<String> fields = new ArrayList<>();
        for (Class<?> c = SyntheticSource.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Config.class)) {
                    fields.add(f.getName());
                }
            }
        }
        assertTrue(fields.size() >= 20, "fields: " + fields);
        for (String f : fields) {
            assertTrue(configured.containsKey(f), "provenance records " + f);
        }
        assertEquals("mosei-aligned", configured.get("shape").toString());
        assertEquals("123", configured.get("seed").toString());
        assertEquals("0.75", configured.get("biasStrength").toString());
        assertEquals("9", configured.get("trainSize").toString());
        assertEquals("text,audio,vision", prov.getInstanceValues().get(MultimodalSourceProvenance.SYNTHETIC_MODALITIES).getValue());
        assertEquals(9, prov.getInstanceValues().get(MultimodalSourceProvenance.NUM_EXAMPLES).getValue());
        assertFalse(prov.getInstanceValues().keySet().stream().anyMatch(k -> k.startsWith(MultimodalSourceProvenance.FILE_HASH_PREFIX)));
        // Resolved default sizes are recorded, not the -1 placeholder.
        Map<String, Provenance> defaults = ((MultimodalSourceProvenance) SyntheticSource.mosiAligned(DataSplit.VALID, SentimentTask.BINARY, 1)
                .getProvenance()).getConfiguredParameters();
        assertEquals("1284", defaults.get("trainSize").toString());
        assertEquals("valid", defaults.get("split").toString());
    }

    @Test
    void badValuesNameTheField() {
        assertBad("trainSize", b -> b.sizes(0, 5, 5));
        assertBad("validSize", b -> b.sizes(5, -3, 5));
        assertBad("testSize", b -> b.sizes(5, 5, 0));
        assertBad("audioSignal", b -> b.audioSignal(-0.1));
        assertBad("visionSignal", b -> b.visionSignal(Double.POSITIVE_INFINITY));
        assertBad("textSignal", b -> b.textSignal(Double.NaN));
        assertBad("noise", b -> b.noise(-1));
        assertBad("biasStrength", b -> b.bias(0.3, 1.5));
        assertBad("biasWordRate", b -> b.bias(-0.1, 0.5));
        assertBad("minWords", b -> b.words(0, 10));
        assertBad("maxWords", b -> b.words(10, 9));
        assertBad("annotators", b -> b.annotators(0, 0.5));
        assertBad("annotatorNoise", b -> b.annotators(3, -0.5));
        assertBad("neutralFraction", b -> b.neutralFraction(1.2));
        assertBad("positiveFraction", b -> b.positiveFraction(-0.2));
        assertBad("sentimentWordRate", b -> b.sentimentWordRate(2));
        assertBad("lengthJitter", b -> b.lengthJitter(-1));
        PropertyException e = assertThrows(PropertyException.class,
                () -> new SyntheticSource(SyntheticPreset.MOSI_ALIGNED, DataSplit.TRAIN, SentimentTask.BINARY, 1, 10, 0, 10));
        assertEquals("validSize", e.getProperty());
        assertThrows(IllegalArgumentException.class, () -> SyntheticPreset.parse("mosi-sideways"));
        assertEquals(SyntheticPreset.MOSEI_UNALIGNED, SyntheticPreset.parse("MOSEI_UNALIGNED"));
    }

    private static void assertBad(String field, Consumer<SyntheticSource.Builder> change) {
        SyntheticSource.Builder b = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED);
        change.accept(b);
        PropertyException e = assertThrows(PropertyException.class, b::build, field);
        assertEquals(field, e.getProperty());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
