package dev.cider.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Training progress a person can follow: a progress bar over the batches of an epoch when standard error is a
 * terminal, and one summary line per epoch (losses per term, validation metric, time per epoch, ETA) both on the
 * console and through java.util.logging.
 */
public final class ProgressReporter {

    private static final Logger logger = Logger.getLogger(ProgressReporter.class.getName());

    private final PrintStream console;
    private final boolean interactive;
    private long lastBarUpdate = 0;

    /**
     * Creates a reporter.
     * @param console Where progress lines go (null for logging only).
     * @param interactive Whether to draw a progress bar (a terminal).
     */
    public ProgressReporter(PrintStream console, boolean interactive) {
        this.console = console;
        this.interactive = interactive;
    }

    /**
     * A reporter on standard error, with a bar when a console is attached.
     * @return The reporter.
     */
    public static ProgressReporter standard() {
        return new ProgressReporter(System.err, System.console() != null);
    }

    /**
     * A reporter that only logs.
     * @return The reporter.
     */
    public static ProgressReporter loggingOnly() {
        return new ProgressReporter(null, false);
    }

    /**
     * Reports progress within an epoch.
     * @param epoch The epoch (1-based).
     * @param batch Batches done.
     * @param batches Batches in the epoch.
     * @param loss The running mean loss.
     */
    public void batch(int epoch, int batch, int batches, double loss) {
        if (console == null || !interactive) {
            return;
        }
        long now = System.nanoTime();
        if (batch < batches && now - lastBarUpdate < 100_000_000L) {
            return;
        }
        lastBarUpdate = now;
        int width = 30;
        int filled = (int) Math.round(width * batch / (double) Math.max(1, batches));
        String bar = "=".repeat(filled) + " ".repeat(width - filled);
        console.printf(Locale.ROOT, "\repoch %d [%s] %d/%d loss %.4f", epoch, bar, batch, batches, loss);
        if (batch == batches) {
            console.print("\r" + " ".repeat(70) + "\r");
        }
        console.flush();
    }

    /**
     * Reports the end of an epoch.
     * @param line The summary (epoch, losses, metrics).
     * @param epochTime The epoch's duration.
     * @param remainingEpochs Epochs left at most (for the ETA).
     */
    public void epoch(String line, Duration epochTime, int remainingEpochs) {
        String full = String.format(Locale.ROOT, "%s | %.1f s/epoch | ETA <= %s", line, epochTime.toMillis() / 1000.0,
                format(epochTime.multipliedBy(Math.max(0, remainingEpochs))));
        if (console != null) {
            console.println(full);
            console.flush();
        }
        logger.log(Level.FINE, full);
    }

    /**
     * Reports a message.
     * @param message The message.
     */
    public void info(String message) {
        if (console != null) {
            console.println(message);
            console.flush();
        }
        logger.log(Level.FINE, message);
    }

    private static String format(Duration d) {
        long s = d.getSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
