package dev.cider.eval.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonReportWriterTest {

    private static List<Path> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void writesEveryFileIntoAMissingDirectoryAndReplacesThemInAnExistingOne(@TempDir Path tmp) throws Exception {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        Path dir = tmp.resolve("runs/2024/compare");
        ComparisonReportWriter.WrittenReport written = ComparisonReportWriter.write(fx.report, dir);
        assertTrue(Files.isRegularFile(dir.resolve("report.md")));
        assertTrue(Files.isRegularFile(dir.resolve("results.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("results.json")));
        assertTrue(Files.isRegularFile(dir.resolve("pairs.csv")));
        assertEquals(10, written.plots().size());
        assertEquals(14, tree(dir).size());
        String md = Files.readString(written.markdown());
        for (ReportPlot p : written.plots()) {
            assertTrue(md.contains("](" + p.relativePath() + ")"), "report.md links " + p.relativePath());
            assertTrue(Files.isRegularFile(dir.resolve(p.relativePath())));
        }

        // a second run into the same directory replaces the files, leaving no temporary files
        Files.writeString(dir.resolve("report.md"), "stale");
        ComparisonReport other = ComparisonReport.builder("Second run").add("OOD", fx.oodLr.result()).build();
        ComparisonReportWriter.write(other, dir);
        assertTrue(Files.readString(dir.resolve("report.md")).startsWith("# Second run\n"));
        assertEquals("Second run", JsonResultsReader.read(dir.resolve("results.json")).title());
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"), StandardCharsets.UTF_8);
        assertTrue(csv.stream().skip(1).allMatch(l -> l.startsWith("OOD,LR,")), "only the second run's rows");
        for (Path p : tree(tmp)) {
            assertFalse(p.getFileName().toString().endsWith(".tmp"), "left behind: " + p);
            assertFalse(p.getFileName().toString().startsWith("."), "left behind: " + p);
        }
    }

    @Test
    void aReusedDirectoryKeepsNoPlotOfTheEarlierRunButKeepsTheUsersFiles(@TempDir Path tmp) throws Exception {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        Path dir = tmp.resolve("out");
        ComparisonReportWriter.WrittenReport first = ComparisonReportWriter.write(fx.report, dir);
        assertTrue(first.removedPlots().isEmpty());
        Path mine = Files.writeString(dir.resolve("plots/my-notes.txt"), "mine");
        Path myPicture = Files.writeString(dir.resolve("plots/Holiday Photo.png"), "mine");
        ComparisonReport other = ComparisonReport.builder("Second run").add("OOD", fx.oodLr.result()).build();
        ComparisonReportWriter.WrittenReport second = ComparisonReportWriter.write(other, dir);

        List<String> plotsNow;
        try (Stream<Path> s = Files.list(dir.resolve("plots"))) {
            plotsNow = s.map(p -> "plots/" + p.getFileName()).filter(n -> n.endsWith(".png") && !n.contains("Holiday")).sorted().toList();
        }
        assertEquals(second.plots().stream().map(ReportPlot::relativePath).sorted().toList(), plotsNow, "only the second run's plots");
        assertEquals(first.plots().size() - second.plots().stream().filter(p -> first.plots().stream()
                .anyMatch(f -> f.relativePath().equals(p.relativePath()))).count(), second.removedPlots().size());
        assertTrue(second.removedPlots().stream().noneMatch(r -> second.plots().stream().anyMatch(p -> p.relativePath().equals(r))));
        assertTrue(Files.exists(mine) && Files.exists(myPicture), "the user's files stay");
    }

    @Test
    void anOutputPathThatIsAFileIsRefused(@TempDir Path tmp) throws Exception {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        Path file = Files.writeString(tmp.resolve("out"), "keep me");
        IOException e = assertThrows(IOException.class, () -> ComparisonReportWriter.write(fx.report, file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a directory"), e.getMessage());
        assertEquals("keep me", Files.readString(file));
        IOException under = assertThrows(IOException.class, () -> ComparisonReportWriter.write(fx.report, file.resolve("sub")));
        assertTrue(under.getMessage().contains("not a directory"), under.getMessage());
    }

    @Test
    void configFileMetadataRecordsItsSha256(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("c.xml"), "abc");
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        ComparisonReport r = ComparisonReport.builder("t").add("OOD", fx.oodLr.result()).configFile(config)
                .wallTime(java.time.Duration.ofMillis(12345)).build();
        assertEquals(config.toString(), r.metadata().get(ComparisonReport.CONFIG_FILE));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", r.metadata().get(ComparisonReport.CONFIG_SHA256));
        assertEquals("12.3 s", r.metadata().get(ComparisonReport.WALL_TIME));
    }

    @Test
    void inconsistentComparisonsAreRefused() {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ComparisonReport.builder("t").add("IID", fx.iidLr.result()).add("IID", fx.iidLr.result()).build());
        assertEquals("system 'LR' in setting 'IID' has 2 runs, not one per training seed [] and mask seed [3]", twice.getMessage());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> ComparisonReport.builder("t").add("IID", fx.iidLr.result()).add("IID", fx.smmCider.result()).build());
        assertTrue(mixed.getMessage().contains("mixes a sweep over modality subsets (CIDer)"), mixed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ComparisonReport.builder("t").build());
        assertThrows(IllegalArgumentException.class, () -> ComparisonReport.builder(" "));
    }
}
