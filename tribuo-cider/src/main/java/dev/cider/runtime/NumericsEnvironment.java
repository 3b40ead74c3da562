package dev.cider.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An immutable snapshot of what moves CPU numerics in this process: the processor (model, vendor, family, the x86
 * instruction-set level and the SIMD flags), the kernel set PyTorch's ATen dispatches to (derived, see
 * {@link AtenCpuCapability}), the environment variables that cap or pin the native libraries' code paths and thread
 * counts, the PyTorch and DJL versions, PyTorch's thread counts, the {@link NumericsMode} the process satisfies,
 * and the Java runtime.
 * <p>
 * In {@link NumericsMode#NATIVE} mode, two trainings with the same seed and data give bit-identical models only when
 * the processor's instruction sets, the kernel set, the variables and the thread counts agree; see {@link NumericsMode}
 * for the mode that removes the processor from that list. {@code CiderTrainer} records the snapshot in every model's provenance
 * ({@link #toProvenance()}, keys prefixed {@value #PROVENANCE_PREFIX}); {@link #fromProvenance} reads it back and
 * {@link #differences} says what differs between two runs.
 * <p>
 * The PyTorch fields are read only when DJL's PyTorch engine is already loaded in the process (a training loads it
 * before taking the snapshot); otherwise they say {@value #NOT_LOADED}.
 */
public final class NumericsEnvironment {

    /** The prefix of this snapshot's keys in a provenance map. */
    public static final String PROVENANCE_PREFIX = "numerics.";

    /** The value of an environment variable or system property that is not set. */
    public static final String UNSET = "(unset)";

    /** The value of the PyTorch fields when the engine was not loaded at snapshot time. */
    public static final String NOT_LOADED = "(engine not loaded)";

    /**
     * The environment variables recorded, in order: PyTorch's kernel set, oneDNN's ISA cap (both spellings), MKL's
     * reproducibility branch and ISA cap, OpenMP's threads and waiting, glibc's tunables (its CPU feature mask moves
     * libm's code paths), and the {@code cider} launcher's allocator and numerics choices.
     */
    public static final List<String> ENVIRONMENT_VARIABLES = List.of(AtenCpuCapability.ENVIRONMENT_VARIABLE, "ONEDNN_MAX_CPU_ISA",
            "DNNL_MAX_CPU_ISA", "MKL_CBWR", "MKL_ENABLE_INSTRUCTIONS", "OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GLIBC_TUNABLES",
            "CIDER_ALLOCATOR", NumericsMode.ENVIRONMENT_VARIABLE);

    /** The system properties through which DJL configures PyTorch's thread pools. */
    public static final List<String> THREAD_PROPERTIES = List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads");

    private static final String ENV = "env.";
    private static final String PROPERTY = "property.";
    private static final List<String> KEY_ORDER = keyOrder();

    private final Map<String, String> values;

    private NumericsEnvironment(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    private static List<String> keyOrder() {
        List<String> keys = new ArrayList<>(List.of("cpu.model-name", "cpu.vendor", "cpu.family", "cpu.model", "cpu.x86-level",
                "cpu.simd-flags", "aten.cpu-capability"));
        ENVIRONMENT_VARIABLES.forEach(name -> keys.add(ENV + name));
        keys.add("mode");
        THREAD_PROPERTIES.forEach(name -> keys.add(PROPERTY + name));
        keys.addAll(List.of("djl.version", "pytorch.version", "pytorch.native-library", "pytorch.intra-op-threads",
                "pytorch.inter-op-threads", "java.version", "java.vm", "os"));
        return List.copyOf(keys);
    }

    /**
     * Takes the snapshot of this process now.
     * @return The snapshot.
     */
    public static NumericsEnvironment current() {
        return capture(CpuFeatures.current(), System::getenv, System::getProperty, pyTorchLoaded());
    }

    /**
     * Takes the snapshot of this process now, asking DJL's PyTorch engine for its version and thread counts even where
     * {@code /proc/self/maps} cannot tell whether it is loaded (it loads the engine if it is not loaded yet: a training,
     * which loads it anyway, uses this).
     * @return The snapshot.
     */
    public static NumericsEnvironment currentWithEngine() {
        Engine.getEngine("PyTorch");
        return capture(CpuFeatures.current(), System::getenv, System::getProperty, true);
    }

    /**
     * Builds a snapshot from its sources (for {@link #current()} and for tests).
     * @param cpu The processor.
     * @param environment Environment variable lookup (null when unset).
     * @param properties System property lookup (null when unset).
     * @param askPyTorch Whether to ask DJL's PyTorch engine for its version and thread counts (it must be loaded).
     * @return The snapshot.
     */
    static NumericsEnvironment capture(CpuFeatures cpu, UnaryOperator<String> environment, UnaryOperator<String> properties, boolean askPyTorch) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("cpu.model-name", cpu.modelName());
        v.put("cpu.vendor", cpu.vendor());
        v.put("cpu.family", cpu.family());
        v.put("cpu.model", cpu.model());
        v.put("cpu.x86-level", cpu.x86Level());
        v.put("cpu.simd-flags", cpu.flagsKnown() ? String.join(" ", cpu.simdFlags()) : CpuFeatures.UNKNOWN);
        String arch = Objects.requireNonNullElse(properties.apply("os.arch"), CpuFeatures.UNKNOWN);
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        v.put("aten.cpu-capability", x86 && cpu.flagsKnown()
                ? AtenCpuCapability.derive(cpu, environment.apply(AtenCpuCapability.ENVIRONMENT_VARIABLE)).spelling()
                : CpuFeatures.UNKNOWN + " (" + arch + ")");
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : ENVIRONMENT_VARIABLES) {
            String value = environment.apply(name);
            env.put(name, value);
            v.put(ENV + name, value == null ? UNSET : value);
        }
        NumericsMode mode = NumericsMode.satisfiedBy(env);
        v.put("mode", mode.name().toLowerCase(Locale.ROOT));
        for (String name : THREAD_PROPERTIES) {
            v.put(PROPERTY + name, Objects.requireNonNullElse(properties.apply(name), UNSET));
        }
        v.put("djl.version", Objects.requireNonNullElse(Engine.getDjlVersion(), CpuFeatures.UNKNOWN));
        if (askPyTorch) {
            v.put("pytorch.version", Engine.getEngine("PyTorch").getVersion());
            v.put("pytorch.native-library", pyTorchLibraryDirectory().orElse(CpuFeatures.UNKNOWN));
            v.put("pytorch.intra-op-threads", Integer.toString(JniUtils.getNumThreads()));
            v.put("pytorch.inter-op-threads", Integer.toString(JniUtils.getNumInteropThreads()));
            if (mode == NumericsMode.PORTABLE && JniUtils.getNumThreads() != 1) {
                v.put("mode", NumericsMode.NATIVE.name().toLowerCase(Locale.ROOT));
            }
        } else {
            v.put("pytorch.version", NOT_LOADED);
            v.put("pytorch.native-library", NOT_LOADED);
            v.put("pytorch.intra-op-threads", NOT_LOADED);
            v.put("pytorch.inter-op-threads", NOT_LOADED);
        }
        v.put("java.version", Objects.requireNonNullElse(properties.apply("java.runtime.version"),
                Objects.requireNonNullElse(properties.apply("java.version"), CpuFeatures.UNKNOWN)));
        v.put("java.vm", Objects.requireNonNullElse(properties.apply("java.vm.name"), CpuFeatures.UNKNOWN));
        v.put("os", properties.apply("os.name") + " " + properties.apply("os.version") + " " + arch);
        return new NumericsEnvironment(v);
    }

    /**
     * Whether DJL's PyTorch native library is mapped into this process (read from {@code /proc/self/maps}; false
     * where that file does not exist).
     */
    private static boolean pyTorchLoaded() {
        return pyTorchLibraryDirectory().isPresent();
    }

    private static Optional<String> pyTorchLibraryDirectory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.UTF_8)) {
                int at = line.indexOf('/');
                if (at >= 0 && line.endsWith("/libtorch_cpu.so")) {
                    Path library = Path.of(line.substring(at).trim());
                    Path dir = library.getParent();
                    return Optional.of(dir == null || dir.getFileName() == null ? library.toString() : dir.getFileName().toString());
                }
            }
        } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The snapshot's values under stable keys, in a fixed order: {@code cpu.*}, {@code aten.cpu-capability},
     * {@code env.NAME} for each of {@link #ENVIRONMENT_VARIABLES} ({@value #UNSET} when unset), {@code mode},
     * {@code property.NAME} for each of {@link #THREAD_PROPERTIES}, {@code djl.version}, {@code pytorch.*},
     * {@code java.*} and {@code os}. A snapshot read from an older model may lack keys.
     * @return An unmodifiable ordered map.
     */
    public Map<String, String> values() {
        return values;
    }

    /**
     * One value.
     * @param key A key of {@link #values()}.
     * @return The value, if recorded.
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * The numerics mode the process satisfied when the snapshot was taken: {@link NumericsMode#PORTABLE} when the
     * portable variables were set (and PyTorch ran one intra-op thread, where the engine was loaded), else
     * {@link NumericsMode#NATIVE}.
     * @return The mode, if recorded.
     */
    public Optional<NumericsMode> mode() {
        return get("mode").map(m -> NumericsMode.valueOf(m.toUpperCase(Locale.ROOT)));
    }

    /**
     * The snapshot as provenance: one {@link StringProvenance} per value, keys prefixed {@value #PROVENANCE_PREFIX}.
     * @return An ordered map to add to a model's run provenance.
     */
    public Map<String, Provenance> toProvenance() {
        Map<String, Provenance> p = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = PROVENANCE_PREFIX + e.getKey();
            p.put(key, new StringProvenance(key, e.getValue()));
        }
        return p;
    }

    /**
     * Reads a snapshot back from provenance written by {@link #toProvenance()} (e.g. a model's instance provenance,
     * {@code model.getProvenance().getInstanceProvenance().getMap()}); entries without the prefix are ignored.
     * @param provenance A provenance map.
     * @return The snapshot, or empty when the map holds no {@value #PROVENANCE_PREFIX} entry (a model trained before
     * snapshots were recorded).
     * @throws IllegalArgumentException if an entry with the prefix is not a string provenance.
     */
    public static Optional<NumericsEnvironment> fromProvenance(Map<String, ? extends Provenance> provenance) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Provenance> e : provenance.entrySet()) {
            if (e.getKey().startsWith(PROVENANCE_PREFIX)) {
                if (!(e.getValue() instanceof StringProvenance)) {
                    throw new IllegalArgumentException("Provenance entry " + e.getKey() + " should be a string, found "
                            + (e.getValue() == null ? "null" : e.getValue().getClass().getSimpleName()));
                }
                v.put(e.getKey().substring(PROVENANCE_PREFIX.length()), ((StringProvenance) e.getValue()).getValue());
            }
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(new NumericsEnvironment(inKeyOrder(v)));
    }

    /** The values in the snapshot's key order (a provenance map may reorder them); unknown keys last, sorted. */
    private static Map<String, String> inKeyOrder(Map<String, String> values) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String key : KEY_ORDER) {
            if (values.containsKey(key)) {
                ordered.put(key, values.get(key));
            }
        }
        values.keySet().stream().filter(k -> !ordered.containsKey(k)).sorted().forEach(k -> ordered.put(k, values.get(k)));
        return ordered;
    }

    /**
     * What differs between this snapshot and another, one line per key whose values differ or that only one of them
     * records, in this snapshot's key order (then the other's extra keys): {@code key: this value | other value}.
     * @param other The other snapshot.
     * @return The differences; empty when the snapshots agree on every key.
     */
    public List<String> differences(NumericsEnvironment other) {
        Set<String> keys = new LinkedHashSet<>(values.keySet());
        keys.addAll(other.values.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            String mine = values.get(key);
            String theirs = other.values.get(key);
            if (!Objects.equals(mine, theirs)) {
                out.add(key + ": " + (mine == null ? "(not recorded)" : mine) + " | " + (theirs == null ? "(not recorded)" : theirs));
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericsEnvironment && ((NumericsEnvironment) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "NumericsEnvironment" + values;
    }
}
