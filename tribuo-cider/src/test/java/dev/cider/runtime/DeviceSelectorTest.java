package dev.cider.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceSelectorTest {

    @Test
    void resolvesCpuAndAuto() {
        assertEquals(Device.cpu(), DeviceSelector.resolve("CPU"));
        Device auto = DeviceSelector.resolve("auto");
        assertEquals(Engine.getInstance().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu(), auto);
    }

    @Test
    void unavailableGpuGivesAClearError() {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "a machine with a GPU resolves it: nothing to refuse");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSelector.resolve("gpu"));
        assertTrue(e.getMessage().contains("pytorch-native-cu"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceSelector.resolve("tpu"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSelector.resolve("gpu:x"));
    }
}
