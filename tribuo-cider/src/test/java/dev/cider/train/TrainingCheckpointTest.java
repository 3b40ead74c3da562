package dev.cider.train;

import com.google.protobuf.CodedOutputStream;
import dev.cider.train.protos.AdamMomentsProto;
import dev.cider.train.protos.AdamStateProto;
import dev.cider.train.protos.CheckpointFileProto;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingCheckpointTest {

    @Test
    void roundTripsAndRejectsDamagedFiles(@TempDir Path dir) throws IOException {
        RunFingerprint fingerprint = new RunFingerprint(Map.of("hiddenDim", "64", "trainingPattern.rate", "0.3", "note", "é ünïcode"));
        TrainingCheckpoint c = new TrainingCheckpoint(fingerprint, 3, 0.75, 2, 1, new byte[] {1, 2}, new byte[] {3}, optimizerState());
        Path p = dir.resolve("ckpt.bin");
        c.write(p);
        TrainingCheckpoint r = TrainingCheckpoint.read(p);
        assertEquals(fingerprint, r.fingerprint());
        assertEquals(3, r.epochsDone());
        assertEquals(0.75, r.bestValue());
        assertEquals(2, r.bestEpoch());
        assertEquals(1, r.sinceBest());
        assertArrayEquals(new byte[] {1, 2}, r.parameters());
        assertArrayEquals(new byte[] {3}, r.bestParameters());
        assertArrayEquals(optimizerState(), r.optimizerState());

        byte[] all = Files.readAllBytes(p);
        Files.write(dir.resolve("short.bin"), Arrays.copyOf(all, all.length - 2));
        IOException truncated = assertThrows(IOException.class, () -> TrainingCheckpoint.read(dir.resolve("short.bin")));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        Files.write(dir.resolve("other.bin"), new byte[] {9, 9, 9, 9, 9});
        IOException wrong = assertThrows(IOException.class, () -> TrainingCheckpoint.read(dir.resolve("other.bin")));
        assertTrue(wrong.getMessage().contains("Not a CIDer training checkpoint"), wrong.getMessage());
        IOException missing = assertThrows(IOException.class, () -> TrainingCheckpoint.read(dir.resolve("none.bin")));
        assertTrue(missing.getMessage().contains("No checkpoint"), missing.getMessage());
    }

    /** A serialised optimizer state of two parameters. */
    private static byte[] optimizerState() {
        return AdamStateProto.newBuilder()
                .addParameter(AdamMomentsProto.newBuilder().setName("head.weight").setSteps(3).addShape(2).addMean(0.5f).addMean(-1f)
                        .addVariance(0.25f).addVariance(1e-8f))
                .addParameter(AdamMomentsProto.newBuilder().setName("head.bias").setSteps(3).addMean(2f).addVariance(4f))
                .build().toByteArray();
    }

    private static TrainingCheckpoint sample() {
        byte[] parameters = new byte[64];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = (byte) (i * 7);
        }
        return new TrainingCheckpoint(new RunFingerprint(Map.of("a", "b")), 4, 0.5, 3, 1, parameters, new byte[] {3, 4}, optimizerState());
    }

    /** Where the sample's parameters start in its file (found by their bytes, which occur once). */
    private static int parametersOffset(byte[] file) {
        byte[] parameters = sample().parameters();
        outer:
        for (int i = 0; i + parameters.length <= file.length; i++) {
            for (int j = 0; j < parameters.length; j++) {
                if (file[i + j] != parameters[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("the parameters are not stored as they are");
    }

    @Test
    void theFileIsAVersionedProtobufMessage(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("ckpt.bin");
        sample().write(p);
        CheckpointFileProto file = CheckpointFileProto.parseFrom(Files.readAllBytes(p));
        assertEquals(4, file.getVersion());
        assertTrue(file.getCheckpoint().size() > sample().parameters().length);
    }

    @Test
    void aFlippedLowBitInTheParametersIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("ckpt.bin");
        sample().write(p);
        byte[] bad = Files.readAllBytes(p);
        bad[parametersOffset(bad) + 10] ^= 1;
        Files.write(p, bad);
        IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void everySingleBitFlipAnywhereIsRefused(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("ckpt.bin");
        sample().write(p);
        byte[] good = Files.readAllBytes(p);
        for (int i = 0; i < good.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                Files.write(p, bad);
                int at = i;
                IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(p), "byte " + at + " bit " + bit);
                assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
            }
        }
        Files.write(p, good);
        assertArrayEquals(sample().parameters(), TrainingCheckpoint.read(p).parameters());
    }

    @Test
    void aHugeLengthFieldIsRefusedWithoutAllocatingIt(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("ckpt.bin");
        // a version field, then the checkpoint field claiming Integer.MAX_VALUE - 8 bytes, then a few bytes
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeInt32(CheckpointFileProto.VERSION_FIELD_NUMBER, 4);
        out.writeTag(CheckpointFileProto.CHECKPOINT_FIELD_NUMBER, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(Integer.MAX_VALUE - 8);
        out.writeRawBytes(new byte[] {1, 2, 3, 4});
        out.flush();
        Files.write(p, bytes.toByteArray());
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean
                && ((com.sun.management.ThreadMXBean) threads).isThreadAllocatedMemorySupported());
        com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
        long before = allocation.getThreadAllocatedBytes(Thread.currentThread().getId());
        IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(p));
        long allocated = allocation.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes for a refused checkpoint");
    }

    @Test
    void theHandMadeFormatsOfVersionsOneToThreeAreRefusedWithAClearMessage(@TempDir Path dir) throws IOException {
        for (int version : new int[] {1, 2, 3}) {
            Path p = dir.resolve("old" + version + ".bin");
            // the start of a "CIDC" file: magic, version, then the rest of a file
            ByteBuffer old = ByteBuffer.allocate(64).putInt(0x43494443).putInt(version).putInt(1);
            Files.write(p, old.array());
            IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(p));
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("format version " + version)
                    && e.getMessage().contains("reads only version 4") && e.getMessage().contains("start the run again"), e.getMessage());
        }
    }

    @Test
    void aNewerVersionIsRefusedSayingSo(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("ckpt.bin");
        sample().write(p);
        CheckpointFileProto file = CheckpointFileProto.parseFrom(Files.readAllBytes(p));
        Files.write(p, file.toBuilder().setVersion(5).build().toByteArray());
        IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(p));
        assertTrue(e.getMessage().contains("format version 5") && e.getMessage().contains("newer CIDer"), e.getMessage());
    }

    @Test
    void anOptimizerStateThatIsNotOneIsRefusedWhenWriting(@TempDir Path dir) {
        TrainingCheckpoint c = new TrainingCheckpoint(new RunFingerprint(Map.of()), 1, 0, 0, 0, new byte[0], new byte[0],
                new byte[] {(byte) 0xff, (byte) 0xff});
        assertThrows(IllegalArgumentException.class, () -> c.write(dir.resolve("ckpt.bin")));
    }
}
