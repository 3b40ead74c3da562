package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Options;

import java.io.PrintStream;

/**
 * One subcommand of the {@code cider} command line. Its options are an OLCUT {@link Options} object, so it
 * accepts {@code --config-file} (or {@code --config}) with OLCUT XML configurations as Tribuo's tools do.
 */
public interface CiderCommand {

    /**
     * The subcommand name, as typed after {@code cider}.
     * @return The name.
     */
    String name();

    /**
     * A one-line description for the command list.
     * @return The description.
     */
    String description();

    /**
     * A fresh options object for this command.
     * @return The options.
     */
    Options newOptions();

    /**
     * Receives the full command line before {@link #run} (for commands that record it, e.g. in a report).
     * @param arguments The arguments, starting with the command name.
     */
    default void setArguments(java.util.List<String> arguments) {
    }

    /**
     * The exit code when {@link #run} throws (the launcher prints the message).
     * @return 1 unless the command documents another.
     */
    default int failureExitCode() {
        return 1;
    }

    /**
     * Runs the command after its options were parsed.
     * @param options The parsed options (the object {@link #newOptions()} returned).
     * @param cm The configuration manager holding any loaded configuration files.
     * @param out Where to write the command's output.
     * @return The process exit code (0 for success).
     * @throws Exception on failure; the launcher prints the message and exits with {@link #failureExitCode()}.
     */
    int run(Options options, ConfigurationManager cm, PrintStream out) throws Exception;
}
