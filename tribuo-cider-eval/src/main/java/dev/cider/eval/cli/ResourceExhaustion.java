package dev.cider.eval.cli;

/**
 * One-line reports for the JVM errors a command can run into on large inputs (an exhausted heap, an exhausted
 * thread stack), instead of a stack trace of hundreds of lines.
 */
final class ResourceExhaustion {

    /**
     * The exit code after a resource error; distinct from the commands' ordinary failure codes.
     */
    static final int EXIT_CODE = 3;

    private ResourceExhaustion() {
    }

    /**
     * Finds a heap or stack exhaustion in a throwable or its causes (DJL and executors wrap errors in exceptions).
     * @param t The throwable.
     * @return The error, or null when there is none.
     */
    static VirtualMachineError find(Throwable t) {
        Throwable current = t;
        for (int depth = 0; current != null && depth < 32; depth++) {
            if (current instanceof OutOfMemoryError || current instanceof StackOverflowError) {
                return (VirtualMachineError) current;
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        return null;
    }

    /**
     * A one-line description of a JVM error naming the problem and the remedy.
     * @param command The command name.
     * @param error The error.
     * @return The line, without a trailing newline.
     */
    static String describe(String command, VirtualMachineError error) {
        String prefix = "cider " + command + ": ";
        if (error instanceof OutOfMemoryError) {
            String detail = error.getMessage() == null ? "" : " (" + error.getMessage() + ")";
            return prefix + "out of memory" + detail + " with a maximum heap of " + heapMebibytes()
                    + " MiB; rerun with a larger heap, e.g. CIDER_JAVA_OPTS=-Xmx" + suggestedGigabytes()
                    + "g, or with smaller inputs";
        }
        if (error instanceof StackOverflowError) {
            return prefix + "stack overflow (the input is nested too deeply or a computation recursed without end);"
                    + " rerun with a larger thread stack, e.g. CIDER_JAVA_OPTS=-Xss16m, or check the input";
        }
        return prefix + "the Java virtual machine failed: " + error;
    }

    private static long heapMebibytes() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    /**
     * Twice the current maximum heap, rounded up to whole gibibytes, at least 2.
     */
    private static long suggestedGigabytes() {
        long doubled = 2 * Runtime.getRuntime().maxMemory();
        long gib = 1024L * 1024 * 1024;
        return Math.max(2, (doubled + gib - 1) / gib);
    }
}
