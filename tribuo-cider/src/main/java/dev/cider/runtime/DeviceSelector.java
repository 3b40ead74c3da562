package dev.cider.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Locale;

/**
 * Resolves the configured compute device and thread count for DJL's PyTorch engine.
 * <p>
 * {@code cpu} (the default) always works. {@code gpu} (or {@code gpu:N}) needs a CUDA build of the PyTorch native
 * library on the classpath instead of {@code pytorch-native-cpu} (e.g. {@code ai.djl.pytorch:pytorch-native-cu*}
 * of the same PyTorch version, classifier {@code linux-x86_64}) and a visible CUDA device; otherwise it fails with a
 * clear message. {@code auto} picks the first GPU when one is visible, else the CPU. Every tensor of a model lives on
 * the resolved device.
 */
public final class DeviceSelector {

    private DeviceSelector() {
    }

    /**
     * Resolves a device name.
     * @param name {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto} (case-insensitive).
     * @return The device.
     * @throws IllegalArgumentException if the name is unknown or the GPU requested is not available.
     */
    public static Device resolve(String name) {
        String n = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        int gpus = Engine.getInstance().getGpuCount();
        if (n.equals("cpu")) {
            return Device.cpu();
        } else if (n.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        } else if (n.equals("gpu") || n.startsWith("gpu:")) {
            int id = 0;
            if (n.startsWith("gpu:")) {
                try {
                    id = Integer.parseInt(n.substring(4));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Unknown device '" + name + "', expected cpu, gpu, gpu:N or auto");
                }
            }
            if (id < 0 || id >= gpus) {
                throw new IllegalArgumentException("Device '" + name + "' is not available: DJL's PyTorch engine ("
                        + Engine.getInstance().getVersion() + ") sees " + gpus + " GPU(s). Put a CUDA build of the PyTorch"
                        + " native library (ai.djl.pytorch:pytorch-native-cuXXX, classifier linux-x86_64) on the classpath"
                        + " instead of pytorch-native-cpu and check that CUDA is visible, or use device cpu or auto.");
            }
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("Unknown device '" + name + "', expected cpu, gpu, gpu:N or auto");
    }

    /**
     * Sets the number of intra-op threads PyTorch uses (0 keeps the engine's default).
     * @param threads The thread count.
     */
    public static void setThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("thread count must be non-negative, found " + threads);
        }
        if (threads > 0 && Engine.getInstance().getEngineName().equals("PyTorch")) {
            JniUtils.setNumThreads(threads);
        }
    }
}
