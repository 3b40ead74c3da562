package dev.cider.repro;

import dev.cider.model.CiderModel;
import dev.cider.nn.Fusion;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;

import java.io.InputStream;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trainers recorded before the network settings moved into CiderArchitecture rebuild with the same network. */
class LegacyTrainerConfigurationTest {

    /** A model file frozen before the change: its trainer records hiddenDim 8, layers 1 and heads 2 as its own fields. */
    private static CiderModel legacyModel() throws Exception {
        try (InputStream in = LegacyTrainerConfigurationTest.class.getResourceAsStream("/dev/cider/model/frozen/cider-model-v1.tribuo")) {
            assertNotNull(in, "the frozen model resource");
            return assertInstanceOf(CiderModel.class, Model.deserializeFromStream(in));
        }
    }

    @Test
    void aLegacyTrainerRebuildsWithItsNetworkSettingsInAnArchitecture() throws Exception {
        try (CiderModel model = legacyModel(); ComponentRebuilder rebuilder = new ComponentRebuilder()) {
            var recorded = model.getProvenance().getTrainerProvenance().getConfiguredParameters();
            assertTrue(recorded.containsKey("hiddenDim") && !recorded.containsKey("architecture"), "the frozen model is a legacy one");
            CiderTrainer trainer = rebuilder.rebuild("the trainer", model.getProvenance().getTrainerProvenance(), CiderTrainer.class,
                    List.of(), Set.of());
            CiderArchitecture architecture = trainer.getArchitecture();
            assertEquals(recorded.get("hiddenDim").toString(), Integer.toString(architecture.hiddenDim()));
            assertEquals(recorded.get("layers").toString(), Integer.toString(architecture.layers()));
            assertEquals(recorded.get("heads").toString(), Integer.toString(architecture.heads()));
            assertEquals(model.getNetworkSpec().config().hiddenDim(), architecture.hiddenDim());
            assertEquals(model.getNetworkSpec().causalModule(), architecture.causalModule());
        }
    }

    @Test
    void anOverrideReachesTheUpgradedArchitectureByItsNewPath() throws Exception {
        try (CiderModel model = legacyModel(); ComponentRebuilder rebuilder = new ComponentRebuilder()) {
            CiderTrainer trainer = rebuilder.rebuild("the trainer", model.getProvenance().getTrainerProvenance(), CiderTrainer.class,
                    List.of(SettingOverride.parse("trainer.architecture.fusion=VANILLA")), Set.of());
            assertEquals(Fusion.VANILLA, trainer.getArchitecture().fusion());
            ReproductionException old = assertThrows(ReproductionException.class, () -> rebuilder.rebuild("the trainer",
                    model.getProvenance().getTrainerProvenance(), CiderTrainer.class, List.of(SettingOverride.parse("trainer.heads=4")), Set.of()));
            assertTrue(old.getMessage().contains("no configurable field 'heads'"), old.getMessage());
            assertFalse(old.getMessage().contains("hiddenDim"), "lists the trainer's fields, not the architecture's: " + old.getMessage());
        }
    }
}
