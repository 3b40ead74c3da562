package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.eval.utterance.PredictionServer;
import dev.cider.model.CiderModel;
import dev.cider.model.UtterancePredictor;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code cider serve}: serves a saved CIDer model over HTTP ({@link PredictionServer}: {@code POST /predict},
 * {@code GET /health}) until the process is interrupted (Ctrl-C).
 */
public final class ServeCommand implements CiderCommand {

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;

    /** Options of {@code cider serve}. */
    public static final class ServeOptions implements Options {
        /** The model. */
        @Option(charName = 'm', longName = "model", usage = "The CIDer model file (written by cider train).")
        public Path model;

        /** The port. */
        @Option(longName = "port", usage = "The port to listen on (default 8080; 0 picks a free one).")
        public int port = DEFAULT_PORT;

        /** The address. */
        @Option(longName = "host", usage = "The address to bind (default 127.0.0.1, this machine only; 0.0.0.0 for every interface).")
        public String host = "127.0.0.1";

        /** The body limit. */
        @Option(longName = "max-body-bytes", usage = "The largest request body accepted; larger ones get 413 (default 1048576).")
        public int maxBodyBytes = PredictionServer.DEFAULT_MAX_BODY_BYTES;

        /** Request threads. */
        @Option(longName = "threads", usage = "Request threads (default 2; the model predicts one request at a time).")
        public int threads = 2;

        /** No debiasing. */
        @Option(longName = "no-debias", usage = "Switch MACI's counterfactual debiasing off.")
        public boolean noDebias = false;

        /** Tokenizer. */
        @Option(longName = "tokenizer", usage = "The tokenizer.json of the model's vocabulary (default: the bundled bert-base-uncased one).")
        public Path tokenizer;

        /**
         * For OLCUT.
         */
        public ServeOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Serves a saved CIDer model over HTTP: POST /predict, GET /health.";
        }
    }

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String description() {
        return "Serve a saved CIDer model over HTTP (POST /predict with JSON utterances, GET /health) until Ctrl-C.";
    }

    @Override
    public Options newOptions() {
        return new ServeOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        ServeOptions o = (ServeOptions) options;
        if (o.model == null) {
            throw new IllegalArgumentException("--model FILE is required");
        }
        if (o.maxBodyBytes < 1) {
            throw new IllegalArgumentException("--max-body-bytes must be at least 1, not " + o.maxBodyBytes);
        }
        if (o.threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, not " + o.threads);
        }
        if (o.port < 0 || o.port > 65535) {
            throw new IllegalArgumentException("--port must be in [0, 65535], not " + o.port);
        }
        Model<Label> loaded = PredictCommand.loadModel(o.model);
        if (!(loaded instanceof CiderModel)) {
            throw new IllegalArgumentException("--model: cider serve serves CIDer models; " + o.model + " holds a "
                    + loaded.getClass().getSimpleName());
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        try (CiderModel model = (CiderModel) loaded;
             UtterancePredictor predictor = new UtterancePredictor(model, o.tokenizer);
             PredictionServer server = PredictionServer.start(predictor, !o.noDebias, o.host, o.port, o.maxBodyBytes, o.threads)) {
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    stopped.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "cider-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Serving " + o.model + " (" + model.getLayout().describe() + ") at " + server.uri()
                    + ": POST " + server.uri() + "predict, GET " + server.uri() + "health. Ctrl-C stops it.");
            out.flush();
            stop.await();
            out.println("Stopping.");
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
