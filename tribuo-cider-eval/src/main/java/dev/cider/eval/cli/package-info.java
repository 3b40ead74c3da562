/**
 * The {@code cider} command line: {@link dev.cider.eval.cli.CiderMain} dispatches {@code cider <command> [options]}
 * to one {@link dev.cider.eval.cli.CiderCommand} per subcommand (demo, data-info, params, train,
 * predict, serve, diff-models, evaluate, compare, ood-split, bench, reproduce).
 * <p>
 * Each command's options are an OLCUT {@code Options} object, so every command also accepts
 * {@code --config-file} with OLCUT XML configurations, as Tribuo's own tools do. The options shared by several
 * commands live in their own classes: {@link dev.cider.eval.cli.SourceOptions} (which corpus),
 * {@link dev.cider.eval.cli.TrialOptions} (how the trials of a comparison run) and
 * {@link dev.cider.eval.cli.CrossDatasetOptions} (extra test corpora). A command that fails ends with a one-line message
 * on standard error and a non-zero exit status instead of a stack trace.
 */
package dev.cider.eval.cli;
