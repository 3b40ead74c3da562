package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalSource;
import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.metrics.SentimentMetrics;
import dev.cider.metrics.TribuoPredictions;
import dev.cider.model.CiderModel;
import dev.cider.train.CiderTrainer;
import dev.cider.util.AtomicFiles;
import dev.cider.util.RunLock;

import java.io.IOException;
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

    /** The trainer component used with {@code --config} when {@code --trainer} is not given. */
    public static final String DEFAULT_TRAINER = "trainer";

    /** Options of {@code cider train}. */
    public static final class TrainOptions implements Options {
        /** The corpus. */
        public SourceOptions data = new SourceOptions();

        /** The trainer component (null: {@value TrainCommand#DEFAULT_TRAINER}). */
        @Option(longName = "trainer", usage = "Name of the CiderTrainer component in the --config file (default: trainer).")
        public String trainer;

        /** Where the model goes. */
        @Option(charName = 'o', longName = "output", usage = "Path of the model file to write (Tribuo protobuf).")
        public Path output;

        /** Maximum epochs without a configuration (null: the default). */
        @Option(longName = "epochs", usage = "Maximum epochs, at least 1 (without --config; default 200, early stopping with patience 10).")
        public Integer epochs;

        /** Checkpoints. */
        @Option(longName = "checkpoint-dir", usage = "Write a checkpoint after every epoch into this directory.")
        public Path checkpointDir;

        /** Resume. */
        @Option(longName = "resume", usage = "Continue from the checkpoint in --checkpoint-dir.")
        public boolean resume = false;

        /** Start over. */
        @Option(longName = "overwrite-checkpoint", usage = "Start over, replacing the checkpoint already in --checkpoint-dir"
                + " (without --resume or this option such a run is refused).")
        public boolean overwriteCheckpoint = false;

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
        refuseOptionsItCannotHonour(o, configured);
        try (RunLock outputLock = lockOutput(o.output)) {
            return train(o, cm, configured, out);
        }
    }

    /**
     * Refuses the options that would otherwise be ignored or overridden without a word; the data options are checked
     * by {@link SourceOptions#resolve} and the task against the data and trainer in {@link #checkTask}.
     */
    private static void refuseOptionsItCannotHonour(TrainOptions o, boolean configured) {
        if (o.epochs != null) {
            if (o.epochs < 1) {
                throw new IllegalArgumentException("--epochs must be at least 1, found " + o.epochs);
            }
            if (configured) {
                throw new IllegalArgumentException("--epochs applies without --config; override it with --@" + trainerName(o) + ".epochs N");
            }
        }
        if (o.trainer != null && !configured) {
            throw new IllegalArgumentException("--trainer names a component of a --config file; without --config the paper's defaults"
                    + " are trained");
        }
        if (o.checkpointDir == null && (o.resume || o.overwriteCheckpoint)) {
            throw new IllegalArgumentException((o.resume ? "--resume" : "--overwrite-checkpoint") + " needs --checkpoint-dir"
                    + (configured ? " (or set resume / overwriteCheckpoint of the configured trainer with --@" + trainerName(o) + ".FIELD true)" : ""));
        }
        if (o.resume && o.overwriteCheckpoint) {
            throw new IllegalArgumentException("--resume (continue the checkpoint) and --overwrite-checkpoint (start over) exclude each other");
        }
    }

    private static String trainerName(TrainOptions o) {
        return o.trainer == null ? DEFAULT_TRAINER : o.trainer;
    }

    /** Holds the lock beside the output for the run, so two trainings never write the same model file. */
    private static RunLock lockOutput(Path output) throws IOException {
        Path lockFile = RunLock.besideFile(output);
        return RunLock.tryAcquire(lockFile).orElseThrow(() -> new IllegalStateException("--output " + output.toAbsolutePath()
                + " is in use: another training run writing it holds its lock (" + lockFile + ") until it ends; wait for that run"
                + " to finish or choose another output file"));
    }

    private int train(TrainOptions o, ConfigurationManager cm, boolean configured, PrintStream out) throws Exception {
        if (configured && !o.data.isSet()) {
            o.data.source = "data";
        }
        MultimodalSource source = o.data.resolve(cm);
        CiderTrainer trainer = configured ? lookupTrainer(cm, trainerName(o)) : new CiderTrainer(o.data.task(source.getTask()), 1L);
        checkTask(o, source, trainer, configured);
        if (o.epochs != null) {
            trainer = trainer.toBuilder().epochs(o.epochs).build();
        }
        if (o.checkpointDir != null) {
            trainer = trainer.toBuilder().checkpoints(o.checkpointDir, o.resume, o.overwriteCheckpoint).build();
        }
        if (trainer.getCheckpointDir() != null) {
            WritableOutputs.requireWritableDirectory(o.checkpointDir != null ? "--checkpoint-dir" : "checkpointDir of " + trainerName(o),
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

    /** Refuses a --task that the configured source or trainer would override. */
    private static void checkTask(TrainOptions o, MultimodalSource source, CiderTrainer trainer, boolean configured) {
        if (o.data.task == null) {
            return;
        }
        SentimentTask requested = SentimentTask.parse(o.data.task);
        if (source.getTask() != requested) {
            String name = o.data.source == null ? "data" : o.data.source;
            throw new IllegalArgumentException("--task " + o.data.task + " conflicts with the data source '" + name
                    + "', configured for task " + source.getTask() + "; change the source's task with --@" + name + ".task "
                    + requested + " or drop --task");
        }
        if (configured && trainer.getTask() != requested) {
            throw new IllegalArgumentException("--task " + o.data.task + " conflicts with the trainer '" + trainerName(o)
                    + "', configured for task " + trainer.getTask() + "; change its task with --@" + trainerName(o) + ".task "
                    + requested + " or drop --task");
        }
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
