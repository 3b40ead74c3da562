package dev.cider.eval.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataLayout;
import dev.cider.data.SentimentTask;
import ai.djl.ndarray.types.Shape;
import dev.cider.maci.CausalHead;
import dev.cider.nn.CiderBackbone;
import dev.cider.nn.CiderNetworkConfig;
import dev.cider.nn.ParameterTable;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code cider params}: the per-module parameter counts of the CIDer network (without the text encoder) for a
 * data set, alignment, task and transformer size, ending with a line {@code total <n>}.
 * <p>
 * The backbone rows are counted on an initialised {@link CiderBackbone} and the MACI rows (three prototype MLPs
 * {@code d_x -> d -> d -> d} and one linear {@code 6d -> K} per class) on an initialised {@link CausalHead}.
 */
public final class ParamsCommand implements CiderCommand {

    /** Text length of both corpora. */
    private static final int TEXT_STEPS = 50;

    /** Options of {@code cider params}. */
    public static final class ParamsOptions implements Options {
        /** The data set. */
        @Option(longName = "dataset", usage = "mosi or mosei (default mosi).")
        public String dataset = "mosi";
        /** Aligned sequences. */
        @Option(longName = "aligned", usage = "Word-aligned sequences (T_a = T_v = 50).")
        public boolean aligned = false;
        /** Unaligned sequences. */
        @Option(longName = "unaligned", usage = "Unaligned sequences (the default).")
        public boolean unaligned = false;
        /** The task. */
        @Option(longName = "task", usage = "binary (3 classes) or seven (7 classes), default binary.")
        public String task = "binary";
        /** MCT layers. */
        @Option(longName = "layers", usage = "Number of MCT layers N (default 3).")
        public int layers = 3;
        /** Attention heads. */
        @Option(longName = "heads", usage = "Number of attention heads (default 8).")
        public int heads = 8;
        /** Token feature dimension. */
        @Option(longName = "text-dim", usage = "Token feature dimension d_l (default 768).")
        public int textDim = 768;

        @Override
        public String getOptionsDescription() {
            return "Prints the parameter count of every module of the CIDer network and the total.";
        }
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "params";
    }

    /** {@inheritDoc} */
    @Override
    public String description() {
        return "Per-module parameter counts of the CIDer network for a data set and task";
    }

    /** {@inheritDoc} */
    @Override
    public Options newOptions() {
        return new ParamsOptions();
    }

    /** {@inheritDoc} */
    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) {
        ParamsOptions o = (ParamsOptions) options;
        if (o.aligned && o.unaligned) {
            throw new IllegalArgumentException("--aligned and --unaligned are mutually exclusive");
        }
        SentimentTask task = SentimentTask.parse(o.task);
        DataLayout layout = layout(o.dataset, o.aligned, o.textDim);
        CiderNetworkConfig config = CiderNetworkConfig.builder().layout(layout).aligned(o.aligned)
                .layers(o.layers).heads(o.heads).build();
        ParameterTable table;
        try (NDManager manager = NDManager.newBaseManager()) {
            CiderBackbone backbone = new CiderBackbone(config);
            backbone.initialize(manager, DataType.FLOAT32, backbone.inputShapes(1));
            CausalHead head = CausalHead.builder().setNumClasses(task.numClasses()).optJointDim(backbone.jointDim())
                    .optHiddenDim(config.hiddenDim()).setTextDim(o.textDim).setAudioDim(layout.audioDim())
                    .setVisionDim(layout.visionDim()).build();
            int k = task.numClasses();
            head.initialize(manager, DataType.FLOAT32, new Shape(1, backbone.jointDim()), new Shape(k, o.textDim),
                    new Shape(k, layout.audioDim()), new Shape(k, layout.visionDim()), new Shape(k));
            table = backbone.parameterTable()
                    .with("MACI prototype MLPs", head.prototypeEncoderParameterCount())
                    .with("MACI classifiers", head.classifierParameterCount());
        }
        out.println("CIDer " + o.dataset.toLowerCase(Locale.ROOT) + " " + (o.aligned ? "aligned" : "unaligned") + ", task "
                + task.name().toLowerCase(Locale.ROOT) + " (K=" + task.numClasses() + "), N=" + o.layers + ", heads=" + o.heads
                + ", d_l=" + o.textDim + " (text encoder excluded)");
        out.print(table.format());
        return 0;
    }

    /**
     * The input layout of a corpus.
     * @param dataset mosi or mosei.
     * @param aligned Whether the sequences are word-aligned.
     * @param textDim The token feature dimension.
     * @return The layout.
     */
    static DataLayout layout(String dataset, boolean aligned, int textDim) {
        switch (dataset.toLowerCase(Locale.ROOT)) {
            case "mosi":
                return aligned ? new DataLayout(TEXT_STEPS, textDim, 50, 5, 50, 20) : new DataLayout(TEXT_STEPS, textDim, 375, 5, 500, 20);
            case "mosei":
                return aligned ? new DataLayout(TEXT_STEPS, textDim, 50, 74, 50, 35) : new DataLayout(TEXT_STEPS, textDim, 500, 74, 500, 35);
            default:
                throw new IllegalArgumentException("Unknown --dataset '" + dataset + "', expected mosi or mosei");
        }
    }

}
