package dev.cider.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunLockTest {

    @Test
    void aSecondLockInTheSameJvmIsRefusedUntilTheFirstIsReleased(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/.run.lock");
        Optional<RunLock> first = RunLock.tryAcquire(file);
        assertTrue(first.isPresent());
        assertTrue(Files.isRegularFile(file));
        assertFalse(RunLock.tryAcquire(file).isPresent(), "a second run took a held lock");
        first.get().close();
        try (RunLock again = RunLock.tryAcquire(file).orElseThrow(() -> new AssertionError("released lock still held"))) {
            assertEquals(file.toAbsolutePath(), again.lockFile());
        }
    }

    @Test
    void aLeftoverLockFileWithoutAHolderDoesNotBlock(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve(".run.lock"), "");
        try (RunLock lock = RunLock.tryAcquire(file).orElseThrow(() -> new AssertionError("an unheld lock file blocked"))) {
            assertTrue(Files.exists(lock.lockFile()));
        }
    }

    @Test
    void aLockHeldByAnotherProcessBlocksUntilThatProcessDies(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".run.lock");
        Path holder = Files.writeString(dir.resolve("LockHolder.java"), String.join("\n",
                "import java.nio.channels.FileChannel;",
                "import java.nio.file.*;",
                "public class LockHolder {",
                "    public static void main(String[] a) throws Exception {",
                "        FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);",
                "        c.lock();",
                "        System.out.println(\"locked\");",
                "        System.out.flush();",
                "        Thread.sleep(600_000);",
                "    }",
                "}"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, holder.toString(), file.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", lines.readLine());
            assertFalse(RunLock.tryAcquire(file).isPresent(), "took a lock another process holds");
        } finally {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        try (RunLock lock = RunLock.tryAcquire(file).orElseThrow(() -> new AssertionError("a dead process's lock still blocks"))) {
            assertTrue(Files.exists(lock.lockFile()));
        }
    }

    @Test
    void theLockFileOfAnOutputIsAHiddenFileBesideIt(@TempDir Path dir) {
        assertEquals(dir.toAbsolutePath().resolve(".model.tribuo.lock"), RunLock.besideFile(dir.resolve("model.tribuo")));
    }
}
