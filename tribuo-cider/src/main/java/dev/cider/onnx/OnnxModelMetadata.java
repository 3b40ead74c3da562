package dev.cider.onnx;

import ai.onnx.proto.OnnxMl;
import dev.cider.data.SentimentTask;
import dev.cider.data.SpecialTokens;
import dev.cider.maci.BiasWords;
import dev.cider.text.TextEncoderSpec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an exported CIDer model needs besides its graph to predict utterances, stored in the ONNX model's
 * {@code metadata_props} next to Tribuo's provenance entry: the input layout, the task (and so the class order of the
 * output), tau, and what builds the counterfactual text (bias words, special tokens, the text encoder's configuration).
 * Every key starts with {@value #PREFIX}.
 * @param input The input layout.
 * @param task The task; the output's columns are its classes in order.
 * @param tau The debiasing strength built into the graph (0: none).
 * @param biasWords The bias words of the counterfactual text.
 * @param specialTokens The special token ids.
 * @param textEncoder The text encoder of the counterfactual text, or empty when its masked positions are zeroed.
 * @param modelName The name of the Tribuo model that was exported.
 */
public record OnnxModelMetadata(WholeModelInput input, SentimentTask task, double tau, BiasWords biasWords, SpecialTokens specialTokens,
                                Optional<TextEncoderSpec> textEncoder, String modelName) {

    /** The prefix of every key. */
    public static final String PREFIX = "cider.";
    /** The key of the input layout. */
    public static final String INPUT = PREFIX + "input";
    private static final String TASK = PREFIX + "task";
    private static final String CLASSES = PREFIX + "classes";
    private static final String TAU = PREFIX + "tau";
    private static final String BIAS_WORDS = PREFIX + "biasWords";
    private static final String BIAS_THRESHOLD = PREFIX + "biasThreshold";
    private static final String BIAS_SIZE = PREFIX + "biasSize";
    private static final String SPECIAL_TOKENS = PREFIX + "specialTokens";
    private static final String MODEL_NAME = PREFIX + "modelName";
    private static final String TEXT_ENCODER = PREFIX + "textEncoder.";

    /**
     * The entries as strings.
     * @return The key-value pairs.
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        FlatInput f = input.flat();
        m.put(INPUT, ints(f.textSteps(), f.textDim(), f.audioSteps(), f.audioDim(), f.visionSteps(), f.visionDim(), input.counterfactual() ? 1 : 0));
        m.put(TASK, task.name());
        m.put(CLASSES, String.join(",", task.classNames()));
        m.put(TAU, Double.toString(tau));
        m.put(BIAS_WORDS, ints(biasWords.ids()));
        m.put(BIAS_THRESHOLD, Double.toString(biasWords.threshold()));
        m.put(BIAS_SIZE, Integer.toString(biasWords.size()));
        m.put(SPECIAL_TOKENS, ints(specialTokens.pad(), specialTokens.unk(), specialTokens.cls(), specialTokens.sep(), specialTokens.mask()));
        m.put(MODEL_NAME, modelName);
        textEncoder.ifPresent(spec -> m.putAll(spec.toMap(TEXT_ENCODER)));
        return m;
    }

    /**
     * Adds the entries to a model.
     * @param model The ONNX model.
     * @return The model with the entries in its metadata.
     */
    public OnnxMl.ModelProto addTo(OnnxMl.ModelProto model) {
        OnnxMl.ModelProto.Builder b = model.toBuilder();
        toMap().forEach((k, v) -> b.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }

    /**
     * Reads the entries back.
     * @param m The model's metadata.
     * @param source What the metadata came from (for messages).
     * @return The metadata.
     * @throws IllegalArgumentException naming the source if it is not an exported CIDer model or an entry is malformed.
     */
    public static OnnxModelMetadata fromMap(Map<String, String> m, String source) {
        if (!m.containsKey(INPUT)) {
            throw new IllegalArgumentException(source + " is not a CIDer ONNX export (no '" + INPUT + "' metadata entry); export one with cider export");
        }
        try {
            int[] in = parseInts(m.get(INPUT));
            if (in.length != 7) {
                throw new IllegalArgumentException("'" + INPUT + "' holds " + in.length + " numbers, expected 7");
            }
            WholeModelInput input = new WholeModelInput(new FlatInput(in[0], in[1], in[2], in[3], in[4], in[5]), in[6] == 1);
            SentimentTask task = SentimentTask.valueOf(require(m, TASK));
            if (!String.join(",", task.classNames()).equals(m.get(CLASSES))) {
                throw new IllegalArgumentException("the classes " + m.get(CLASSES) + " are not those of task " + task);
            }
            BiasWords bias = new BiasWords(parseInts(m.getOrDefault(BIAS_WORDS, "")), Double.parseDouble(require(m, BIAS_THRESHOLD)),
                    Integer.parseInt(require(m, BIAS_SIZE)));
            int[] st = parseInts(require(m, SPECIAL_TOKENS));
            if (st.length != 5) {
                throw new IllegalArgumentException("'" + SPECIAL_TOKENS + "' holds " + st.length + " ids, expected 5");
            }
            return new OnnxModelMetadata(input, task, Double.parseDouble(require(m, TAU)), bias,
                    new SpecialTokens(st[0], st[1], st[2], st[3], st[4]), TextEncoderSpec.fromMap(m, TEXT_ENCODER),
                    m.getOrDefault(MODEL_NAME, ""));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": malformed CIDer metadata: " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no '" + key + "' entry");
        }
        return v;
    }

    private static String ints(int... values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private static int[] parseInts(String s) {
        if (s.isBlank()) {
            return new int[0];
        }
        return Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s, %d classes, tau %.2f, input width %d%s", task, task.classNames().size(), tau, input.width(),
                input.counterfactual() ? " (with the counterfactual text)" : "");
    }
}
