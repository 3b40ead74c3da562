package dev.cider.runtime;

import java.util.Locale;

/**
 * The vectorised kernel set PyTorch's ATen dispatches to on an x86-64 CPU: {@code default} (compiled for the baseline
 * instruction set), {@code avx2} or {@code avx512}. Kernels of different sets round differently, so this decides
 * (with MKL's matrix products and the thread counts) which float results a training gets.
 * <p>
 * PyTorch does not expose the choice through DJL, so {@link #derive} <em>re-derives</em> it with the rule of PyTorch 2.7's
 * {@code compute_cpu_capability} ({@code aten/src/ATen/native/DispatchStub.cpp}), for x86-64 builds with AVX2 and
 * AVX-512 kernels (as DJL's {@code pytorch-native-cpu}):
 * <ol>
 *     <li>{@code ATEN_CPU_CAPABILITY} set to exactly {@code avx512}, {@code avx2} or {@code default} (case-sensitive)
 *     is taken as it is, whatever the CPU supports (PyTorch does not check; a capability above the CPU's fails with
 *     illegal instructions); any other value is ignored with a warning;</li>
 *     <li>otherwise {@code avx512} when the CPU has AVX-512 VL, BW and DQ and FMA;</li>
 *     <li>otherwise {@code avx2} when it has AVX2 and FMA;</li>
 *     <li>otherwise {@code default}.</li>
 * </ol>
 * PyTorch reads the CPU through the cpuinfo library, which also checks that the operating system saves the AVX-512
 * registers; the kernel's {@code /proc/cpuinfo} flags used here reflect the same condition. A kernel that has no
 * AVX-512 version runs its AVX2 version under {@code avx512}.
 */
public enum AtenCpuCapability {
    /** The baseline kernels (no AVX). */
    DEFAULT,
    /** The AVX2 + FMA kernels. */
    AVX2,
    /** The AVX-512 kernels (AVX2 where a kernel has no AVX-512 version). */
    AVX512;

    /** The environment variable PyTorch reads. */
    public static final String ENVIRONMENT_VARIABLE = "ATEN_CPU_CAPABILITY";

    /**
     * The capability as PyTorch spells it in {@code ATEN_CPU_CAPABILITY}.
     * @return {@code default}, {@code avx2} or {@code avx512}.
     */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses PyTorch's spelling exactly as PyTorch does (case-sensitive).
     * @param value A value of {@code ATEN_CPU_CAPABILITY}.
     * @return The capability, or null when PyTorch would ignore the value.
     */
    public static AtenCpuCapability fromEnvironmentValue(String value) {
        if (value == null) {
            return null;
        }
        for (AtenCpuCapability c : values()) {
            if (c.spelling().equals(value)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Derives the capability PyTorch 2.7 picks (see the class documentation).
     * @param cpu The CPU's features.
     * @param environmentValue The value of {@code ATEN_CPU_CAPABILITY}, or null when unset.
     * @return The capability.
     */
    public static AtenCpuCapability derive(CpuFeatures cpu, String environmentValue) {
        AtenCpuCapability requested = fromEnvironmentValue(environmentValue);
        if (requested != null) {
            return requested;
        }
        if (cpu.has("avx512vl") && cpu.has("avx512bw") && cpu.has("avx512dq") && cpu.has("fma")) {
            return AVX512;
        }
        if (cpu.has("avx2") && cpu.has("fma")) {
            return AVX2;
        }
        return DEFAULT;
    }
}
