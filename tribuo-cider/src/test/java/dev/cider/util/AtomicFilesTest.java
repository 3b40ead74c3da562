package dev.cider.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {

    @Test
    void aTargetThatIsADirectoryIsNamedNotTheTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = Files.createDirectory(dir.resolve("out"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, "x".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith(target.toAbsolutePath() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        assertTrue(!e.getMessage().contains(".tmp"), e.getMessage());
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(target), left.toList(), "no temporary file left");
        }
    }

    @Test
    void failedWriteKeepsThePreviousVersionAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("sub/model.bin");
        AtomicFiles.write(target, "first".getBytes(StandardCharsets.UTF_8));
        assertEquals("first", Files.readString(target));
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("first", Files.readString(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(1, files.count());
        }
        AtomicFiles.write(target, "second".getBytes(StandardCharsets.UTF_8));
        assertEquals("second", Files.readString(target));
    }

    @Test
    void newFilesAreReadableByOthersLikeAnOrdinaryWrite(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("report.md");
        AtomicFiles.write(target, "x".getBytes(StandardCharsets.UTF_8));
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        }
    }

    private static Path aged(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        return file;
    }

    @Test
    void staleTemporariesOfTheSameTargetAreDeletedOnTheNextWrite(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("checkpoint.bin");
        Path stale = aged(Files.write(dir.resolve(".checkpoint.bin.8142753661206334129.tmp"), new byte[1024]));
        Path fresh = Files.write(dir.resolve(".checkpoint.bin.17.tmp"), new byte[1]);
        AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
        assertFalse(Files.exists(stale), "a dead writer's temporary file stays");
        assertTrue(Files.exists(fresh), "a temporary file younger than the minimum age may belong to a starting writer");
        assertEquals("new", Files.readString(target));
    }

    @Test
    void nothingButOurOwnTemporariesOfThatTargetIsDeleted(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model.bin");
        List<Path> others = new ArrayList<>();
        for (String name : List.of(".model.bin1.tmp", ".model.bin.12a.tmp", ".model.bin..tmp", "model.bin.5.tmp",
                ".model.bin.5.tmp.bak", ".other.bin.5.tmp", ".model.bin.5.tmp5", ".model.bin.123456789012345678901.tmp",
                ".model.bin.x.5.tmp")) {
            others.add(aged(Files.write(dir.resolve(name), new byte[1])));
        }
        others.add(Files.createDirectory(dir.resolve(".model.bin.7.tmp")));
        aged(others.get(others.size() - 1));
        AtomicFiles.write(target, "x".getBytes(StandardCharsets.UTF_8));
        for (Path other : others) {
            assertTrue(Files.exists(other), "deleted a file that is not ours: " + other);
        }
        assertTrue(AtomicTemporaries.isTemporaryOf(target, ".model.bin.0.tmp"));
        assertFalse(AtomicTemporaries.isTemporaryOf(dir.resolve("model"), ".model.bin.0.tmp"));
    }

    @Test
    void aTemporaryLockedByALiveWriterIsKept(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model.bin");
        Path busy = aged(Files.write(dir.resolve(".model.bin.42.tmp"), new byte[1]));
        try (FileChannel channel = FileChannel.open(busy, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            AtomicFiles.write(target, "x".getBytes(StandardCharsets.UTF_8));
            assertTrue(Files.exists(busy), "deleted the temporary file of a writer holding its lock");
        }
        AtomicFiles.write(target, "y".getBytes(StandardCharsets.UTF_8));
        assertFalse(Files.exists(busy), "the lock is gone, the file is a leftover");
    }

    @Test
    void aTemporaryLockedByAnotherProcessIsKept(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model.bin");
        Path busy = aged(Files.write(dir.resolve(".model.bin.43.tmp"), new byte[1]));
        Path holder = Files.writeString(dir.resolve("Holder.java"), String.join("\n",
                "import java.nio.channels.FileChannel;",
                "import java.nio.file.*;",
                "public class Holder {",
                "    public static void main(String[] a) throws Exception {",
                "        try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE); var l = c.lock()) {",
                "            System.out.println(\"locked\");",
                "            System.out.flush();",
                "            System.in.read();",
                "        }",
                "    }",
                "}"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, holder.toString(), busy.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", lines.readLine());
            AtomicFiles.write(target, "x".getBytes(StandardCharsets.UTF_8));
            assertTrue(Files.exists(busy), "deleted the temporary file another process holds locked");
        } finally {
            process.getOutputStream().close();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        aged(busy);
        AtomicFiles.write(target, "y".getBytes(StandardCharsets.UTF_8));
        assertFalse(Files.exists(busy), "the holder ended, the file is a leftover");
    }

    @Test
    void aWriterThatClosesItsStreamStillWritesTheFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("closed.txt");
        AtomicFiles.write(target, out -> {
            try (out) {
                out.write("closed early".getBytes(StandardCharsets.UTF_8));
            }
        });
        assertEquals("closed early", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
