package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSource;
import dev.cider.data.MultimodalSplits;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.metrics.TribuoPredictions;
import dev.cider.model.CiderModel;
import dev.cider.train.CiderTrainer;
import dev.cider.util.AtomicFiles;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code cider train}: trains CIDer on the train split of a corpus (early stopping and tau on its valid split), saves
 * the model atomically in Tribuo's protobuf format and reports the test split's metrics.
 * <p>
 * With {@code --config FILE} the trainer is the component named by {@code --trainer} (default {@code trainer}) and the
 * data the component named by {@code --source} (default {@code data}); any field can be overridden with OLCUT's
 * {@code --@NAME.FIELD VALUE}. Without a configuration the paper's defaults are used on the data given by
 * {@code --synthetic}, {@code --csv} or {@code --pickle}.
 */
public final class TrainCommand implements CiderCommand {

    /** Options of {@code cider train}. */
    public static final class TrainOptions implements Options {
        /** The corpus. */
        public SourceOptions data = new SourceOptions();

        /** The trainer component. */
        @Option(longName = "trainer", usage = "Name of the CiderTrainer component in the --config file (default: trainer).")
        public String trainer = "trainer";

        /** Where the model goes. */
        @Option(charName = 'o', longName = "output", usage = "Path of the model file to write (Tribuo protobuf).")
        public Path output;

        /** Maximum epochs without a configuration. */
        @Option(longName = "epochs", usage = "Maximum epochs (without --config; default 200, early stopping with patience 10).")
        public int epochs = -1;

        /** Checkpoints. */
        @Option(longName = "checkpoint-dir", usage = "Write a checkpoint after every epoch into this directory.")
        public Path checkpointDir;

        /** Resume. */
        @Option(longName = "resume", usage = "Continue from the checkpoint in --checkpoint-dir.")
        public boolean resume = false;

        /**
         * For OLCUT.
         */
        public TrainOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Trains CIDer and saves the model.";
        }
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String description() {
        return "Train CIDer on a corpus (train/valid splits) and save the model; prints test metrics.";
    }

    @Override
    public Options newOptions() {
        return new TrainOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        TrainOptions o = (TrainOptions) options;
        if (o.output == null) {
            throw new IllegalArgumentException("--output FILE is required");
        }
        WritableOutputs.requireWritableFile("--output", o.output);
        boolean configured = !cm.getComponentNames().isEmpty();
        if (configured && !o.data.isSet()) {
            o.data.source = "data";
        }
        MultimodalSource source = o.data.resolve(cm);
        CiderTrainer trainer = configured ? lookupTrainer(cm, o.trainer) : new CiderTrainer(o.data.task(source.getTask()), 1L);
        if (o.epochs > 0) {
            if (configured) {
                throw new IllegalArgumentException("--epochs applies without --config; override it with --@" + o.trainer + ".epochs N");
            }
            trainer.setSchedule(o.epochs, 128, 10);
        }
        if (o.checkpointDir != null) {
            trainer.setCheckpoints(o.checkpointDir, o.resume);
        } else if (o.resume) {
            throw new IllegalArgumentException("--resume needs --checkpoint-dir");
        }
        if (trainer.getCheckpointDir() != null) {
            WritableOutputs.requireWritableDirectory(o.checkpointDir != null ? "--checkpoint-dir" : "checkpointDir of " + o.trainer,
                    trainer.getCheckpointDir());
        }
        out.println("Data: " + source);
        MultimodalSplits splits = MultimodalSplits.load(source);
        out.println("Splits: " + splits.sizes() + ", " + splits.layout().describe());
        out.println("Trainer: " + trainer);
        long t0 = System.nanoTime();
        try (CiderModel model = trainer.train(splits)) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            WritableOutputs.writing("--output", o.output, () -> AtomicFiles.write(o.output, stream -> model.serialize().writeTo(stream)));
            SentimentMetrics test = SentimentMetrics.evaluate(TribuoPredictions.predict(model, splits.examples(DataSplit.TEST), splits.task()));
            out.printf(Locale.ROOT, "Trained in %.1f s; tau %.1f; model written to %s%n", took.toMillis() / 1000.0, model.getTau(),
                    o.output.toAbsolutePath());
            out.println("Test (complete inputs): " + MetricsFormat.line(test));
        }
        return 0;
    }

    private static CiderTrainer lookupTrainer(ConfigurationManager cm, String name) {
        Object component;
        try {
            component = cm.lookup(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Could not create the trainer '" + name + "': " + e.getMessage(), e);
        }
        if (component == null) {
            throw new IllegalArgumentException("No component named '" + name + "' in the configuration");
        }
        if (!(component instanceof CiderTrainer)) {
            throw new IllegalArgumentException("Component '" + name + "' is a " + component.getClass().getName() + ", not a CiderTrainer");
        }
        return (CiderTrainer) component;
    }
}
