package dev.cider.eval.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import com.oracle.labs.mlrg.olcut.config.UsageException;
import dev.cider.util.ConfigFilePaths;
import dev.cider.util.SafeConfigFiles;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The entry point of the {@code cider} command line: {@code cider <command> [options]}.
 * <p>
 * {@code --config FILE} is accepted as a synonym of OLCUT's {@code --config-file FILE}; {@code --help} prints a
 * command's usage; {@code --conf KEY=VALUE} may be repeated (each one value, commas included).
 */
public final class CiderMain {

    private static final Logger logger = Logger.getLogger(CiderMain.class.getName());

    private CiderMain() {
    }

    /**
     * The registered subcommands, in the order the usage lists them.
     * @return Name to factory.
     */
    static Map<String, Supplier<CiderCommand>> commands() {
        Map<String, Supplier<CiderCommand>> commands = new LinkedHashMap<>();
        // Subcommands register here, one line each.
        register(commands, DemoCommand::new);
        register(commands, DataInfoCommand::new);
        register(commands, ParamsCommand::new);
        register(commands, TrainCommand::new);
        register(commands, PredictCommand::new);
        register(commands, ExportCommand::new);
        register(commands, ServeCommand::new);
        register(commands, DiffModelsCommand::new);
        register(commands, EvaluateCommand::new);
        register(commands, CompareCommand::new);
        register(commands, SearchCommand::new);
        register(commands, OodSplitCommand::new);
        register(commands, BenchCommand::new);
        register(commands, ReproduceCommand::new);
        return commands;
    }

    private static void register(Map<String, Supplier<CiderCommand>> commands, Supplier<CiderCommand> factory) {
        commands.put(factory.get().name(), factory);
    }

    /**
     * Runs the command line.
     * @param args The arguments.
     */
    public static void main(String[] args) {
        configureLogging();
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (java.io.InputStream in = CiderMain.class.getResourceAsStream("logging.properties")) {
            if (in != null) {
                java.util.logging.LogManager.getLogManager().readConfiguration(in);
            }
        } catch (java.io.IOException e) {
            logger.log(Level.WARNING, "Could not read the bundled logging configuration", e);
        }
    }

    /**
     * Runs a command line without exiting (for tests and notebooks).
     * @param args The arguments, starting with the subcommand.
     * @param out Standard output.
     * @param err Standard error.
     * @return The exit code.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, commands());
    }

    /**
     * Runs a command line against a given set of commands (tests register their own).
     * @param args The arguments, starting with the subcommand.
     * @param out Standard output.
     * @param err Standard error.
     * @param commands Name to factory.
     * @return The exit code.
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, Supplier<CiderCommand>> commands) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printCommands(commands, out);
            return args.length == 0 ? 2 : 0;
        }
        Supplier<CiderCommand> factory = commands.get(args[0]);
        if (factory == null) {
            err.println("cider: unknown command '" + args[0] + "'");
            printCommands(commands, err);
            return 2;
        }
        CiderCommand command = factory.get();
        command.setArguments(java.util.List.of(args));
        Options options = command.newOptions();
        String[] rest = translate(args, booleanOptions(options));
        ConfigurationManager cm;
        try {
            checkConfigFiles(rest);
            cm = new ConfigurationManager(rest, options);
            ConfigFilePaths.resolve(cm, configFileNames(rest));
        } catch (UsageException e) {
            out.println("Usage: cider " + command.name() + " [options]");
            out.println(command.description());
            out.println(e.getMessage());
            return 0;
        } catch (RuntimeException e) {
            err.println("cider " + command.name() + ": " + e.getMessage());
            return 2;
        } catch (OutOfMemoryError | StackOverflowError e) {
            err.println(ResourceExhaustion.describe(command.name(), e));
            return ResourceExhaustion.EXIT_CODE;
        }
        try {
            return command.run(options, cm, out);
        } catch (OutOfMemoryError | StackOverflowError e) {
            logger.log(Level.FINE, "Command ran out of a JVM resource", e);
            err.println(ResourceExhaustion.describe(command.name(), e));
            return ResourceExhaustion.EXIT_CODE;
        } catch (Exception e) {
            logger.log(Level.FINE, "Command failed", e);
            VirtualMachineError wrapped = ResourceExhaustion.find(e);
            if (wrapped != null) {
                err.println(ResourceExhaustion.describe(command.name(), wrapped));
                return ResourceExhaustion.EXIT_CODE;
            }
            err.println("cider " + command.name() + ": " + describe(e));
            return command.failureExitCode();
        } finally {
            cm.close();
        }
    }

    /**
     * Runs {@link SafeConfigFiles} on every configuration file named by {@code -c} or {@code --config-file} (a
     * comma-separated list, as OLCUT reads it) before OLCUT loads them.
     * @param args The translated arguments.
     * @throws IllegalArgumentException if a file declares a DOCTYPE or an entity.
     */
    static void checkConfigFiles(String[] args) {
        for (String name : configFileNames(args)) {
            SafeConfigFiles.checkNamed(name);
        }
    }

    /**
     * The configuration files named by {@code -c} or {@code --config-file} (comma-separated lists, as OLCUT reads
     * them), in order.
     * @param args The translated arguments.
     * @return The names.
     */
    static java.util.List<String> configFileNames(String[] args) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-c") || args[i].equals("--config-file")) {
                for (String name : args[i + 1].split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.trim());
                    }
                }
            }
        }
        return names;
    }

    /**
     * The long names of the boolean options of an options object and of its nested options.
     * @param options The options.
     * @return The long names.
     */
    static Set<String> booleanOptions(Options options) {
        Set<String> names = new HashSet<>();
        Deque<Class<? extends Options>> queue = new ArrayDeque<>();
        queue.add(options.getClass());
        while (!queue.isEmpty()) {
            Class<? extends Options> c = queue.poll();
            for (Field f : Options.getOptionFields(c)) {
                if (f.getType() == boolean.class || f.getType() == Boolean.class) {
                    names.add(f.getAnnotation(Option.class).longName());
                }
            }
            for (Field f : Options.getOptions(c)) {
                @SuppressWarnings("unchecked")
                Class<? extends Options> nested = (Class<? extends Options>) f.getType();
                queue.add(nested);
            }
        }
        return names;
    }

    /**
     * Drops the subcommand, maps the launcher's synonyms to OLCUT's options, and turns a bare boolean long option
     * ({@code --aligned}, which OLCUT would otherwise pair with the next argument) into {@code --aligned true}.
     */
    private static String[] translate(String[] args, Set<String> booleanOptions) {
        List<String> rest = new ArrayList<>();
        List<String> conf = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--" + TrialOptions.CONF_OPTION) && i + 1 < args.length) {
                // repeatable, one KEY=VALUE each (OLCUT keeps only the last occurrence of an option, and splits lists at
                // commas): the values become one list with their own commas escaped
                conf.add(args[++i].replace(",", "\\,"));
                continue;
            }
            if (args[i].startsWith("--") && booleanOptions.contains(args[i].substring(2))) {
                rest.add(args[i]);
                boolean valueFollows = i + 1 < args.length
                        && (args[i + 1].equalsIgnoreCase("true") || args[i + 1].equalsIgnoreCase("false"));
                if (!valueFollows) {
                    rest.add("true");
                }
                continue;
            }
            switch (args[i]) {
                case "--config":
                    rest.add("--config-file");
                    break;
                case "--help":
                case "-h":
                    rest.add("--usage");
                    break;
                default:
                    rest.add(args[i]);
            }
        }
        if (!conf.isEmpty()) {
            rest.add("--" + TrialOptions.CONF_OPTION);
            rest.add(String.join(",", conf));
        }
        return rest.toArray(new String[0]);
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            if (cause.getMessage() != null && !sb.toString().contains(cause.getMessage())) {
                sb.append(": ").append(cause.getMessage());
            }
            e = cause;
            cause = cause.getCause();
        }
        return sb.toString();
    }

    private static void printCommands(Map<String, Supplier<CiderCommand>> commands, PrintStream out) {
        out.println("Usage: cider <command> [options]    (cider <command> --help for a command's options)");
        out.println("Commands:");
        for (Supplier<CiderCommand> f : commands.values()) {
            CiderCommand c = f.get();
            out.printf("  %-12s %s%n", c.name(), c.description());
        }
    }
}
