package dev.cider.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Which CPU code paths the native libraries may take, and so whether a CPU training's floats depend on the processor.
 * <ul>
 *     <li>{@link #NATIVE} (the default): PyTorch and MKL use the best code paths of the processor they run on
 *     (AVX-512 kernels where the CPU has them). Fastest, deterministic on one machine, but a machine with another
 *     instruction set trains a different model from the same seed and data.</li>
 *     <li>{@link #PORTABLE}: PyTorch's ATen kernels pinned to their AVX2 versions ({@code ATEN_CPU_CAPABILITY=avx2}),
 *     MKL's matrix products in its conditional numerical reproducibility mode on its vendor-independent code branch
 *     ({@code MKL_CBWR=COMPATIBLE,STRICT}; the only fixed branch MKL honours on non-Intel processors), oneDNN capped at AVX2
 *     ({@code ONEDNN_MAX_CPU_ISA=AVX2}; CIDer's layers do not call oneDNN with this PyTorch build, the cap keeps it
 *     so), and one PyTorch thread (parallel reductions add in a thread-dependent order). Needs an x86-64 CPU with AVX2
 *     and FMA. Trainings on one AVX-512 machine, capped in every way it allows to what a machine without AVX-512 runs,
 *     gave bit-identical models; other processors were not tried (BENCHMARKS.md, "Portable numerics").</li>
 * </ul>
 * The environment variables must be set before PyTorch loads, i.e. before the JVM starts: the {@code cider} launcher
 * sets them for {@code CIDER_NUMERICS=portable}; {@code CiderTrainer} with {@code numerics=PORTABLE} checks them.
 */
public enum NumericsMode {
    /** The processor's own code paths. */
    NATIVE,
    /** Code paths shared by every x86-64 CPU with AVX2 and FMA, one thread. */
    PORTABLE;

    /** The {@code cider} launcher's variable that selects the mode ({@code native} or {@code portable}). */
    public static final String ENVIRONMENT_VARIABLE = "CIDER_NUMERICS";

    private static final Map<String, String> PORTABLE_ENVIRONMENT = portableEnvironment();

    private static Map<String, String> portableEnvironment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(AtenCpuCapability.ENVIRONMENT_VARIABLE, AtenCpuCapability.AVX2.spelling());
        m.put("MKL_CBWR", "COMPATIBLE,STRICT");
        m.put("ONEDNN_MAX_CPU_ISA", "AVX2");
        m.put("OMP_NUM_THREADS", "1");
        return m;
    }

    /**
     * The environment variables (name to value) this mode needs in the process environment before PyTorch loads.
     * @return An ordered map, empty for {@link #NATIVE}.
     */
    public Map<String, String> requiredEnvironment() {
        return this == PORTABLE ? PORTABLE_ENVIRONMENT : Map.of();
    }

    /**
     * What keeps a process from running in this mode.
     * @param environment The process environment (name to value).
     * @param cpu The processor.
     * @param intraOpThreads PyTorch's intra-op thread count, or a negative number when unknown (then not checked).
     * @return One line per problem; empty when the mode's conditions hold.
     */
    public List<String> problems(Map<String, String> environment, CpuFeatures cpu, int intraOpThreads) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : requiredEnvironment().entrySet()) {
            String actual = environment.get(e.getKey());
            if (!e.getValue().equals(actual)) {
                problems.add(e.getKey() + " is " + (actual == null ? "unset" : "'" + actual + "'") + ", needs '" + e.getValue() + "'");
            }
        }
        if (this == PORTABLE) {
            if (cpu.flagsKnown() && !(cpu.has("avx2") && cpu.has("fma"))) {
                problems.add("the CPU (" + cpu + ") lacks AVX2 or FMA, which portable numerics needs");
            }
            if (intraOpThreads >= 0 && intraOpThreads != 1) {
                problems.add("PyTorch runs " + intraOpThreads + " intra-op threads, needs 1");
            }
        }
        return problems;
    }

    /**
     * The most specific mode a process environment satisfies (its variables only: the CPU and PyTorch's thread count
     * are checked by {@link #problems}).
     * @param environment The process environment (name to value).
     * @return {@link #PORTABLE} if every variable it needs has its value, else {@link #NATIVE}.
     */
    public static NumericsMode satisfiedBy(Map<String, String> environment) {
        for (Map.Entry<String, String> e : PORTABLE_ENVIRONMENT.entrySet()) {
            if (!e.getValue().equals(environment.get(e.getKey()))) {
                return NATIVE;
            }
        }
        return PORTABLE;
    }

    /**
     * How to start a JVM in this mode, for error messages.
     * @return A sentence naming the launcher variable and the exact settings.
     */
    public String howToStart() {
        if (this == NATIVE) {
            return "start the JVM without the portable settings (CIDER_NUMERICS=native, the launcher's default)";
        }
        StringJoiner vars = new StringJoiner(" ");
        for (Map.Entry<String, String> e : PORTABLE_ENVIRONMENT.entrySet()) {
            vars.add(e.getKey() + "=" + e.getValue());
        }
        return "start the JVM with CIDER_NUMERICS=portable (the cider launcher, e.g. CIDER_NUMERICS=portable ./cider train ...),"
                + " or set the environment variables " + vars + " before the JVM starts and run PyTorch with one thread"
                + " (-Dai.djl.pytorch.num_threads=1, or the trainer's threads=1)";
    }
}
