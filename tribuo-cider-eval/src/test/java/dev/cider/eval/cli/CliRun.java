package dev.cider.eval.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the command line for the CLI tests: its exit code and what it printed.
 *
 * @param code The exit code.
 * @param out  Standard output.
 * @param err  Standard error.
 */
record CliRun(int code, String out, String err) {

    /**
     * Runs a command line through {@link CiderMain#run}.
     * @param args The arguments, starting with the subcommand.
     * @return The run.
     */
    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CiderMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
