package dev.cider.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The processor as the kernel describes it (Linux {@code /proc/cpuinfo}, first processor): model name, vendor, family,
 * model and the instruction-set flags that decide which vectorised code paths PyTorch and MKL take.
 * <p>
 * On systems without {@code /proc/cpuinfo} every field is {@value #UNKNOWN} and no flag is set.
 */
public final class CpuFeatures {

    /** The value of a field that could not be read. */
    public static final String UNKNOWN = "unknown";

    /**
     * The flags that select numerical code paths, in the order {@link #simdFlags()} lists them (kernel spellings:
     * {@code avx512_bf16}, {@code avx512_vnni}; {@code pni} is SSE3).
     */
    private static final List<String> SIMD_FLAGS = List.of("sse2", "pni", "ssse3", "sse4_1", "sse4_2", "avx", "f16c", "fma", "avx2",
            "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx512ifma", "avx512vbmi", "avx512_vbmi2", "avx512_vnni",
            "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_tile", "amx_bf16", "amx_int8");

    private static final List<String> LEVEL_2 = List.of("cx16", "lahf_lm", "popcnt", "pni", "sse4_1", "sse4_2", "ssse3");
    private static final List<String> LEVEL_3 = List.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave");
    private static final List<String> LEVEL_4 = List.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl");

    private static volatile CpuFeatures current;

    private final String modelName;
    private final String vendor;
    private final String family;
    private final String model;
    private final Set<String> flags;

    private CpuFeatures(String modelName, String vendor, String family, String model, Set<String> flags) {
        this.modelName = modelName;
        this.vendor = vendor;
        this.family = family;
        this.model = model;
        this.flags = Collections.unmodifiableSet(flags);
    }

    /**
     * The processor this JVM runs on (read once).
     * @return Its features; every field {@value #UNKNOWN} when {@code /proc/cpuinfo} cannot be read.
     */
    public static CpuFeatures current() {
        CpuFeatures c = current;
        if (c == null) {
            String text;
            try {
                text = Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
            } catch (IOException | SecurityException e) {
                text = "";
            }
            c = parse(text);
            current = c;
        }
        return c;
    }

    /**
     * Parses the text of {@code /proc/cpuinfo}; only the first processor's block is read (the machines this runs on
     * have one kind of core).
     * @param cpuinfo The file's text (may be empty).
     * @return The features.
     */
    public static CpuFeatures parse(String cpuinfo) {
        String modelName = UNKNOWN;
        String vendor = UNKNOWN;
        String family = UNKNOWN;
        String model = UNKNOWN;
        Set<String> flags = new LinkedHashSet<>();
        boolean inBlock = false;
        for (String line : cpuinfo.split("\n", -1)) {
            int colon = line.indexOf(':');
            if (line.isBlank()) {
                if (inBlock) {
                    break;
                }
                continue;
            }
            if (colon < 0) {
                continue;
            }
            inBlock = true;
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "model name":
                    modelName = value;
                    break;
                case "vendor_id":
                    vendor = value;
                    break;
                case "cpu family":
                    family = value;
                    break;
                case "model":
                    model = value;
                    break;
                case "flags":
                    for (String f : value.split("\\s+")) {
                        if (!f.isEmpty()) {
                            flags.add(f.toLowerCase(Locale.ROOT));
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        return new CpuFeatures(modelName, vendor, family, model, flags);
    }

    /** @return The marketing name, e.g. {@code AMD EPYC 9454P 48-Core Processor}. */
    public String modelName() {
        return modelName;
    }

    /** @return The vendor, e.g. {@code AuthenticAMD} or {@code GenuineIntel}. */
    public String vendor() {
        return vendor;
    }

    /** @return The CPU family number, e.g. {@code 25}. */
    public String family() {
        return family;
    }

    /** @return The CPU model number within its family. */
    public String model() {
        return model;
    }

    /**
     * Whether the kernel lists a flag.
     * @param flag A flag in the kernel's spelling, e.g. {@code avx512bw}.
     * @return True if present.
     */
    public boolean has(String flag) {
        return flags.contains(flag.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether any flag was read (false when {@code /proc/cpuinfo} was missing or unreadable).
     * @return True if the flags are known.
     */
    public boolean flagsKnown() {
        return !flags.isEmpty();
    }

    /**
     * The flags present among those that select numerical code paths (SSE up to AVX-512's subsets, AVX-VNNI, AMX),
     * in a fixed order.
     * @return The flags, e.g. {@code [sse2, ..., avx2, avx512f, avx512bw, ...]}.
     */
    public List<String> simdFlags() {
        List<String> present = new ArrayList<>();
        for (String f : SIMD_FLAGS) {
            if (flags.contains(f)) {
                present.add(f);
            }
        }
        return present;
    }

    /**
     * The x86-64 micro-architecture level of the psABI the flags satisfy ({@code x86-64-v1} to {@code x86-64-v4}:
     * v3 adds AVX2, FMA and BMI, v4 adds AVX-512 F/BW/CD/DQ/VL).
     * @return The level, or {@value #UNKNOWN} without flags.
     */
    public String x86Level() {
        if (flags.isEmpty()) {
            return UNKNOWN;
        }
        if (!flags.containsAll(LEVEL_2)) {
            return "x86-64-v1";
        }
        if (!flags.containsAll(LEVEL_3)) {
            return "x86-64-v2";
        }
        return flags.containsAll(LEVEL_4) ? "x86-64-v4" : "x86-64-v3";
    }

    @Override
    public String toString() {
        return modelName + " (" + vendor + " family " + family + " model " + model + ", " + x86Level() + ")";
    }
}
