package dev.cider.eval.report;

import dev.cider.metrics.SentimentMetric;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportPlotsTest {

    @TempDir
    static Path dir;
    private static List<ReportPlot> plots;

    @BeforeAll
    static void draw() throws Exception {
        plots = ReportPlots.write(dir, new ReportFixtures.Standard().report.view());
    }

    @Test
    void onePlotPerSettingAndMetric() {
        List<String> paths = plots.stream().map(ReportPlot::relativePath).toList();
        assertEquals(List.of("plots/iid-acc2.png", "plots/iid-f1.png", "plots/iid-acc7.png", "plots/iid-acc3.png",
                "plots/ood-acc2.png", "plots/ood-f1.png", "plots/ood-acc3.png",
                "plots/smm-acc2.png", "plots/smm-f1.png", "plots/smm-acc3.png"), paths);
        assertEquals(SentimentMetric.ACC7, plots.get(2).metric());
        assertEquals("Acc2 vs missing rate: IID", plots.get(0).title());
        assertEquals("Acc2 per kept-modality subset: SMM", plots.get(7).title());
    }

    @Test
    void plotsDecodeAtTheRightSizeAndShowTheSeriesColours() throws Exception {
        for (ReportPlot p : plots) {
            Path file = dir.resolve(p.relativePath());
            assertTrue(Files.isRegularFile(file), file.toString());
            BufferedImage img = ImageIO.read(file.toFile());
            assertNotNull(img, "not a decodable image: " + file);
            assertEquals(ReportPlots.WIDTH, img.getWidth());
            assertEquals(ReportPlots.HEIGHT, img.getHeight());
            Set<Integer> colours = new HashSet<>();
            int nonWhite = 0;
            boolean firstSeries = false;
            boolean secondSeries = false;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int rgb = img.getRGB(x, y) & 0xFFFFFF;
                    colours.add(rgb);
                    nonWhite += rgb == 0xFFFFFF ? 0 : 1;
                    firstSeries |= rgb == 0x0072B2;
                    secondSeries |= rgb == 0xD55E00;
                }
            }
            assertTrue(colours.size() > 10, p + ": only " + colours.size() + " colours");
            assertTrue(nonWhite > img.getWidth() * img.getHeight() / 100, p + ": almost blank");
            assertTrue(firstSeries, p + ": the first system's colour is not drawn");
            if (!p.relativePath().contains("acc7")) { // only CIDer has a seven-task model
                assertTrue(secondSeries, p + ": the second system's colour is not drawn");
            }
        }
    }

    @Test
    void settingsWhoseNamesGiveTheSameFileNameGetDistinctFiles(@TempDir Path other) throws Exception {
        ReportFixtures.Standard fx = new ReportFixtures.Standard();
        ComparisonReport report = ComparisonReport.builder("t").add("OOD", fx.oodLr.result()).add("ood!", fx.oodCider.result()).build();
        List<ReportPlot> written = ReportPlots.write(other, report.view());
        assertEquals("plots/ood-acc2.png", written.get(0).relativePath());
        assertEquals("plots/ood-2-acc2.png", written.get(3).relativePath());
        assertTrue(Files.isRegularFile(other.resolve("plots/ood-2-acc2.png")));
    }
}
