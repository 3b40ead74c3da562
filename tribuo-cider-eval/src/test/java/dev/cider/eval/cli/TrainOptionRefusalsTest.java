package dev.cider.eval.cli;

import dev.cider.train.CiderTrainer;
import dev.cider.util.RunLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every option that train, predict and evaluate cannot honour is refused naming it, two trainings never share an
 * output file or a checkpoint directory, and a moved checkpoint directory resumes.
 */
class TrainOptionRefusalsTest {

    private static final String[] DATA = {"--synthetic", "mosi-aligned", "--train-size", "40", "--valid-size", "16", "--test-size", "20"};

    @TempDir
    static Path shared;
    private static Path binaryModel;

    @BeforeAll
    static void trainABinaryModel() {
        binaryModel = shared.resolve("binary.tribuo");
        CliRun r = run("train", "--epochs", "1", "--output", binaryModel.toString());
        assertEquals(0, r.code(), r.err());
    }

    private static CliRun run(String... args) {
        String[] all = new String[args.length + DATA.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(DATA, 0, all, args.length, DATA.length);
        return CliRun.of(all);
    }

    private static void assertRefused(CliRun r, String... mentions) {
        assertEquals(1, r.code(), "not refused:\n" + r.out() + r.err());
        for (String m : mentions) {
            assertTrue(r.err().contains(m), "the message does not mention '" + m + "': " + r.err());
        }
        assertFalse(r.out().contains("Trainer:"), "refused only after setting up training: " + r.out());
    }

    private static Path config(Path dir, String dataTask, String trainerTask) throws Exception {
        return Files.writeString(dir.resolve("c.xml"), String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<config>",
                "  <component name=\"data\" type=\"dev.cider.data.source.SyntheticSource\">",
                "    <property name=\"shape\" value=\"mosi-aligned\"/>",
                "    <property name=\"split\" value=\"train\"/>",
                "    <property name=\"task\" value=\"" + dataTask + "\"/>",
                "  </component>",
                "  <component name=\"trainer\" type=\"dev.cider.train.CiderTrainer\">",
                "    <property name=\"task\" value=\"" + trainerTask + "\"/>",
                "  </component>",
                "</config>"));
    }

    @Test
    void epochsBelowOneAreRefused(@TempDir Path dir) {
        for (String epochs : new String[] {"-3", "0", "-1"}) {
            assertRefused(run("train", "--epochs", epochs, "--output", dir.resolve("m.tribuo").toString()), "--epochs", epochs);
        }
        assertFalse(Files.exists(dir.resolve("m.tribuo")));
    }

    @Test
    void trainerAndCheckpointOptionsThatCannotApplyAreRefused(@TempDir Path dir) {
        String out = dir.resolve("m.tribuo").toString();
        assertRefused(run("train", "--epochs", "1", "--trainer", "mine", "--output", out), "--trainer", "--config");
        assertRefused(run("train", "--epochs", "1", "--overwrite-checkpoint", "--output", out), "--overwrite-checkpoint", "--checkpoint-dir");
        assertRefused(run("train", "--epochs", "1", "--resume", "--overwrite-checkpoint", "--checkpoint-dir", dir.resolve("c").toString(),
                "--output", out), "--resume", "--overwrite-checkpoint");
    }

    @Test
    void dataOptionsThatCannotApplyAreRefused(@TempDir Path dir) throws Exception {
        String out = dir.resolve("m.tribuo").toString();
        assertRefused(run("train", "--epochs", "1", "--csv-audio-vision", "synthetic", "--output", out), "--csv-audio-vision", "--csv");
        Path pickle = Files.write(dir.resolve("x.pkl"), new byte[] {1});
        assertRefused(CliRun.of("train", "--epochs", "1", "--pickle", pickle.toString(), "--seed", "7", "--output", out), "--seed");
        Path csv = Files.writeString(dir.resolve("x.csv"), "id,text,label,mode\n");
        assertRefused(CliRun.of("train", "--epochs", "1", "--csv", csv.toString(), "--seed", "7", "--output", out), "--seed",
                "--csv-audio-vision synthetic");
    }

    @Test
    void aTaskTheConfigurationOverridesIsRefused(@TempDir Path dir) throws Exception {
        String out = dir.resolve("m.tribuo").toString();
        Path binary = config(dir, "BINARY", "BINARY");
        CliRun source = CliRun.of("train", "--config", binary.toString(), "--task", "seven", "--output", out);
        assertRefused(source, "--task seven", "'data'", "BINARY");
        CliRun trainer = CliRun.of("train", "--config", binary.toString(), "--task", "seven", "--output", out, "--synthetic", "mosi-aligned");
        assertRefused(trainer, "--task seven", "'trainer'", "BINARY");
        CliRun epochs = CliRun.of("train", "--config", binary.toString(), "--@trainer.epochs", "-3", "--output", out);
        assertEquals(1, epochs.code(), epochs.out() + epochs.err());
        assertTrue(epochs.err().contains("epochs"), epochs.err());
    }

    @Test
    void predictAndEvaluateRefuseOptionsTheyWouldIgnore() {
        String model = binaryModel.toString();
        assertRefused(run("predict", "--model", model, "--rate", "0.3"), "--rate", "--missing");
        assertRefused(run("predict", "--model", model, "--mask-seed", "3"), "--mask-seed", "--missing");
        assertRefused(run("predict", "--model", model, "--missing", "smm:LA", "--rate", "0.3"), "--rate", "smm:LA");
        assertRefused(run("predict", "--model", model, "--task", "seven"), "--task seven", model, "BINARY");
        assertRefused(run("evaluate", "--model", model, "--task", "seven"), "--task seven", model, "BINARY");
        assertRefused(run("evaluate", "--model", model, "--pattern", "smm", "--rates", "0,0.5"), "--rates", "smm");
        CliRun same = run("predict", "--model", model, "--task", "binary", "--missing", "rmm");
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("RMM at rate 0.50 (mask seed 0)"), same.out());
    }

    @Test
    void aSecondTrainingToTheSameOutputIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.tribuo");
        try (RunLock other = RunLock.tryAcquire(RunLock.besideFile(out)).orElseThrow()) {
            assertRefused(run("train", "--epochs", "1", "--output", out.toString()), "--output", out.toAbsolutePath().toString(),
                    "another training run");
        }
        assertFalse(Files.exists(out));
        CliRun after = run("train", "--epochs", "1", "--output", out.toString());
        assertEquals(0, after.code(), "the lock was released but training is still refused: " + after.err());
        try (RunLock released = RunLock.tryAcquire(RunLock.besideFile(out)).orElseThrow(() -> new AssertionError("lock kept after the run"))) {
            assertTrue(Files.exists(released.lockFile()));
        }
    }

    @Test
    void aSecondTrainingOnTheSameCheckpointDirectoryIsRefused(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("ckpt");
        try (RunLock other = RunLock.tryAcquire(ckpt.resolve(CiderTrainer.checkpointLockFileName())).orElseThrow()) {
            CliRun r = run("train", "--epochs", "1", "--checkpoint-dir", ckpt.toString(), "--output", dir.resolve("m.tribuo").toString());
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.err().contains(ckpt.toAbsolutePath().toString()) && r.err().contains("another training run"), r.err());
        }
        assertFalse(Files.exists(ckpt.resolve(CiderTrainer.checkpointFileName())));
        assertFalse(Files.exists(dir.resolve("m.tribuo")));
    }

    @Test
    void anExistingCheckpointIsReplacedOnlyWhenToldAndAMovedDirectoryResumes(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("ckpt");
        String out = dir.resolve("m.tribuo").toString();
        assertEquals(0, run("train", "--epochs", "1", "--checkpoint-dir", ckpt.toString(), "--output", out).code());
        byte[] first = Files.readAllBytes(ckpt.resolve(CiderTrainer.checkpointFileName()));
        CliRun again = run("train", "--epochs", "1", "--checkpoint-dir", ckpt.toString(), "--output", out);
        assertEquals(1, again.code(), again.out());
        assertTrue(again.err().contains("already holds a checkpoint") && again.err().contains("--overwrite-checkpoint")
                && again.err().contains("--resume"), again.err());
        assertArrayEquals(first, Files.readAllBytes(ckpt.resolve(CiderTrainer.checkpointFileName())));
        CliRun overwrite = run("train", "--epochs", "1", "--checkpoint-dir", ckpt.toString(), "--overwrite-checkpoint", "--output", out);
        assertEquals(0, overwrite.code(), overwrite.err());

        Path moved = Files.move(ckpt, Files.createDirectories(dir.resolve("elsewhere")).resolve("moved"));
        CliRun resumed = run("train", "--epochs", "2", "--checkpoint-dir", moved.toString(), "--resume", "--output",
                dir.resolve("elsewhere/m2.tribuo").toString());
        assertEquals(0, resumed.code(), resumed.err());
        CliRun otherData = run("train", "--epochs", "3", "--checkpoint-dir", moved.toString(), "--resume", "--output", out, "--seed", "77");
        assertEquals(1, otherData.code(), otherData.out());
        assertTrue(otherData.err().contains("training data: ") && otherData.err().contains("in the checkpoint"), otherData.err());
    }
}
