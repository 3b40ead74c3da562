package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import dev.cider.model.CiderModel;
import dev.cider.model.ModelFiles;
import dev.cider.onnx.OnnxModelMetadata;
import dev.cider.onnx.WholeModelInput;
import org.tribuo.Model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code cider export}: writes a saved CIDer model's whole prediction as an ONNX model
 * ({@link CiderModel#saveONNXModel}), which {@code cider predict --onnx} and Tribuo's {@code ONNXExternalModel} run.
 */
public final class ExportCommand implements CiderCommand {

    /** The ONNX model domain written into exports. */
    public static final String DOMAIN = "dev.cider";

    /** Options of {@code cider export}. */
    public static final class ExportOptions implements Options {
        /** The model. */
        @Option(charName = 'm', longName = "model", usage = "The CIDer model file (written by cider train).")
        public Path model;

        /** The ONNX file. */
        @Option(longName = "onnx", usage = "The ONNX file to write.")
        public Path onnx;

        /** The model version. */
        @Option(longName = "model-version", usage = "The version number recorded in the ONNX model (default 1).")
        public long modelVersion = 1;

        /** No debiasing. */
        @Option(longName = "no-debias", usage = "Export the prediction without MACI's counterfactual debiasing.")
        public boolean noDebias = false;

        /**
         * For OLCUT.
         */
        public ExportOptions() {
        }

        @Override
        public String getOptionsDescription() {
            return "Exports a CIDer model as an ONNX model.";
        }
    }

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String description() {
        return "Export a CIDer model's whole prediction as an ONNX model (cider predict --onnx runs it).";
    }

    @Override
    public Options newOptions() {
        return new ExportOptions();
    }

    @Override
    public int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception {
        ExportOptions o = (ExportOptions) options;
        if (o.model == null || o.onnx == null) {
            throw new IllegalArgumentException("--model FILE and --onnx FILE are required");
        }
        if (Files.isDirectory(o.onnx)) {
            throw new IllegalArgumentException("--onnx " + o.onnx + " is a directory, expected the ONNX file to write");
        }
        WritableOutputs.requireWritableFile("--onnx", o.onnx);
        Model<?> read;
        try {
            read = ModelFiles.read(o.model);
        } catch (IOException e) {
            throw new IllegalArgumentException("--model: " + e.getMessage(), e);
        }
        if (!(read instanceof CiderModel loaded)) {
            throw new IllegalArgumentException("--model " + o.model + " holds a " + read.getClass().getSimpleName()
                    + ", not a CIDer model: cider export writes CIDer models (a Tribuo model that implements ONNXExportable"
                    + " can be exported with its own saveONNXModel)");
        }
        try (CiderModel model = o.noDebias ? loaded.withDebiasing(false) : loaded) {
            WholeModelInput input = model.onnxInput();
            WritableOutputs.writing("--onnx", o.onnx, () -> model.saveONNXModel(DOMAIN, o.modelVersion, o.onnx));
            out.println("Model: " + o.model + " (" + model.getTask() + ", " + (model.isDebiasing()
                    ? String.format(java.util.Locale.ROOT, "tau %.1f", model.getTau()) : "no debiasing") + ")");
            out.println("ONNX model written to " + o.onnx.toAbsolutePath() + " (" + Files.size(o.onnx) + " bytes): input '"
                    + dev.cider.onnx.ExportedCiderModel.INPUT_NAME + "' of " + input.width() + " floats per utterance"
                    + (input.counterfactual() ? " (with the counterfactual text)" : "") + ", output 'output' of "
                    + model.getTask().classNames().size() + " class probabilities; metadata keys " + OnnxModelMetadata.PREFIX + "*");
        } finally {
            loaded.close();
        }
        return 0;
    }
}
