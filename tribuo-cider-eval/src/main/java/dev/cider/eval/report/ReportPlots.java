package dev.cider.eval.report;

import dev.cider.eval.stats.Estimate;
import dev.cider.metrics.SentimentMetric;
import dev.cider.util.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Draws a comparison's plots with JFreeChart as {@value #WIDTH}x{@value #HEIGHT} PNGs, headless: for a setting
 * swept over missing rates, one line chart per metric (the metric in % against the missing rate, one line with
 * markers per system at the mean over training seeds, a shaded band for its 95% interval, its mean AUILC and interval
 * in the legend); for an SMM setting, one grouped bar chart per metric (one group per kept-modality subset, one bar
 * per system at the mean, with an error bar of half the 95% interval's width).
 */
public final class ReportPlots {

    /** The image width in pixels. */
    public static final int WIDTH = 900;
    /** The image height in pixels. */
    public static final int HEIGHT = 600;
    /** The colour of the reference lines. */
    private static final Color REFERENCE = new Color(0x70, 0x70, 0x70);

    /** The subdirectory of the report directory that holds the plots. */
    public static final String DIRECTORY = "plots";

    /** Colour-blind-safe series colours (Okabe and Ito), then darker extras. */
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xE69F00),
        new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000), new Color(0x8C6D1F),
        new Color(0x5E3C99), new Color(0x7F7F7F)
    };
    private static final String FONT = Font.SANS_SERIF;
    private static final Color GRID = new Color(0xD0D0D0);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ReportPlots() {
    }

    /**
     * Writes every plot of a comparison into {@code <reportDir>/plots}, each atomically.
     * @param reportDir The report directory.
     * @param view The numbers.
     * @return The plots written, in setting then metric order.
     * @throws IOException on failure.
     */
    public static List<ReportPlot> write(Path reportDir, ComparisonView view) throws IOException {
        return write(reportDir, view, List.of());
    }

    /**
     * Writes every plot of a comparison into {@code <reportDir>/plots}, each atomically, with the reference lines drawn
     * as grey dashed lines.
     * @param reportDir The report directory.
     * @param view The numbers.
     * @param references The reference-line systems.
     * @return The plots written, in setting then metric order.
     * @throws IOException on failure.
     */
    public static List<ReportPlot> write(Path reportDir, ComparisonView view, List<String> references) throws IOException {
        List<ReportPlot> out = new ArrayList<>();
        Set<String> usedSlugs = new HashSet<>();
        for (String setting : view.settings()) {
            boolean subsets = view.isSubsetSetting(setting);
            if (!subsets && view.curves(setting).stream().noneMatch(c -> c.points().size() >= 2)) {
                continue; // single points: nothing to draw a line through
            }
            String slug = ReportFormat.slug(setting);
            for (int n = 2; !usedSlugs.add(slug); n++) {
                slug = ReportFormat.slug(setting) + "-" + n;
            }
            for (SentimentMetric m : view.tableMetrics(setting)) {
                JFreeChart chart = subsets ? subsetChart(view, setting, m) : rateChart(view, setting, m, references);
                String relative = DIRECTORY + "/" + slug + "-" + m.key() + ".png";
                Path file = reportDir.resolve(DIRECTORY).resolve(slug + "-" + m.key() + ".png");
                AtomicFiles.write(file, o -> ChartUtils.writeChartAsPNG(o, chart, WIDTH, HEIGHT));
                out.add(new ReportPlot(setting, m, relative, chart.getTitle().getText()));
            }
        }
        return out;
    }

    /**
     * Deletes the plots an earlier report left in {@code <reportDir>/plots} that this report did not write again, so
     * a reused output directory never shows a stale plot beside a new report. Only PNGs named as this class names them
     * ({@code <setting slug>-<metric key>.png}) are deleted; any other file in the directory is left alone.
     * @param reportDir The report directory.
     * @param written The plots this report wrote.
     * @return The deleted plots, paths relative to the report directory, sorted.
     * @throws IOException if the directory cannot be listed or a plot cannot be deleted.
     */
    public static List<String> removeStale(Path reportDir, List<ReportPlot> written) throws IOException {
        Path plots = reportDir.resolve(DIRECTORY);
        if (!Files.isDirectory(plots)) {
            return List.of();
        }
        Set<String> kept = new HashSet<>();
        for (ReportPlot p : written) {
            kept.add(p.relativePath().substring(DIRECTORY.length() + 1));
        }
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(plots, "*.png")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!kept.contains(name) && isPlotName(name) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(f);
                    removed.add(DIRECTORY + "/" + name);
                }
            }
        }
        Collections.sort(removed);
        return removed;
    }

    /** Whether a file name is one {@link #write} gives a plot: a setting slug, a dash, a metric key and .png. */
    static boolean isPlotName(String name) {
        for (SentimentMetric m : SentimentMetric.values()) {
            String suffix = "-" + m.key() + ".png";
            if (name.endsWith(suffix)) {
                String slug = name.substring(0, name.length() - suffix.length());
                if (slug.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A line chart of a metric against the missing rate, one line per system of the setting that measures it.
     * @param view The numbers.
     * @param setting A setting swept over rates.
     * @param metric The metric.
     * @return The chart.
     */
    public static JFreeChart rateChart(ComparisonView view, String setting, SentimentMetric metric) {
        return rateChart(view, setting, metric, List.of());
    }

    /**
     * A line chart of a metric against the missing rate, one line per system of the setting that measures it; the
     * reference lines are grey and dashed, without bands.
     * @param view The numbers.
     * @param setting A setting swept over rates.
     * @param metric The metric.
     * @param references The reference-line systems.
     * @return The chart.
     */
    public static JFreeChart rateChart(ComparisonView view, String setting, SentimentMetric metric, List<String> references) {
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        List<Boolean> isReference = new ArrayList<>();
        for (String system : view.systems(setting)) {
            Optional<SweepCurve> curve = view.curve(setting, system, metric);
            if (curve.isEmpty()) {
                continue;
            }
            SweepCurve c = curve.get();
            String key = c.hasAuilc() ? system + " (AUILC " + ReportFormat.estimate(c.auilcEstimate(metric)) + ")" : system;
            YIntervalSeries series = new YIntervalSeries(key, true, false);
            for (CurvePoint p : c.points()) {
                Estimate e = p.estimate(metric);
                if (e != null && !Double.isNaN(e.mean())) { // a gap where the metric is undefined
                    double lo = Double.isNaN(e.lower()) ? e.mean() : e.lower();
                    double hi = Double.isNaN(e.upper()) ? e.mean() : e.upper();
                    series.add(p.rate(), e.mean() * 100.0, lo * 100.0, hi * 100.0);
                }
            }
            dataset.addSeries(series);
            isReference.add(references.contains(system));
        }
        NumberAxis x = new NumberAxis("missing rate");
        List<Double> rates = view.rates(setting);
        double lo = rates.get(0);
        double hi = rates.get(rates.size() - 1);
        double pad = Math.max(0.02, (hi - lo) * 0.03);
        x.setRange(lo - pad, hi + pad);
        x.setTickUnit(new NumberTickUnit(hi - lo > 0.5 ? 0.1 : 0.05, new DecimalFormat("0.0#")));
        NumberAxis y = percentAxis(metric);
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.15f);
        Shape[] shapes = DefaultDrawingSupplier.createStandardSeriesShapes();
        int colour = 0;
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            if (isReference.get(i)) {
                renderer.setSeriesPaint(i, REFERENCE);
                renderer.setSeriesFillPaint(i, new Color(0, 0, 0, 0));
                renderer.setSeriesStroke(i, new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        new float[]{6f, 5f}, 0f));
                renderer.setSeriesShapesVisible(i, false);
                continue;
            }
            renderer.setSeriesPaint(i, PALETTE[colour % PALETTE.length]);
            renderer.setSeriesFillPaint(i, PALETTE[colour % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            renderer.setSeriesShape(i, scaled(shapes[colour % shapes.length], 1.4));
            colour++;
        }
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        styleAxis(x);
        styleAxis(y);
        String title = metric.displayName() + " vs missing rate: " + setting;
        return chart(title, subtitle(view, setting), plot);
    }

    /**
     * A grouped bar chart of a metric per kept-modality subset, one bar per system of the setting that measures it.
     * @param view The numbers.
     * @param setting A setting swept over SMM subsets.
     * @param metric The metric.
     * @return The chart.
     */
    public static JFreeChart subsetChart(ComparisonView view, String setting, SentimentMetric metric) {
        DefaultStatisticalCategoryDataset dataset = new DefaultStatisticalCategoryDataset();
        for (String system : view.systems(setting)) {
            Optional<SweepCurve> curve = view.curve(setting, system, metric);
            if (curve.isEmpty()) {
                continue;
            }
            for (String subset : view.labels(setting)) {
                OptionalInt i = curve.get().indexOfLabel(subset);
                Estimate e = i.isPresent() ? curve.get().points().get(i.getAsInt()).estimate(metric) : null;
                if (e == null || Double.isNaN(e.mean())) {
                    dataset.add((Number) null, null, system, subset);
                } else {
                    double half = Double.isNaN(e.upper() - e.lower()) ? 0.0 : (e.upper() - e.lower()) / 2.0;
                    dataset.add(e.mean() * 100.0, half * 100.0, system, subset);
                }
            }
        }
        CategoryAxis x = new CategoryAxis("kept modalities (L text, A audio, V vision)");
        x.setCategoryMargin(0.25);
        NumberAxis y = percentAxis(metric);
        y.setAutoRangeIncludesZero(true);
        y.setUpperMargin(0.12);
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setErrorIndicatorPaint(Color.DARK_GRAY);
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.05);
        for (int i = 0; i < dataset.getRowCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.0")));
        renderer.setDefaultItemLabelsVisible(dataset.getRowCount() * dataset.getColumnCount() <= 24);
        renderer.setDefaultItemLabelFont(new Font(FONT, Font.PLAIN, 11));
        CategoryPlot plot = new CategoryPlot(dataset, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        styleAxis(x);
        styleAxis(y);
        String title = metric.displayName() + " per kept-modality subset: " + setting;
        return chart(title, subtitle(view, setting), plot);
    }

    private static NumberAxis percentAxis(SentimentMetric metric) {
        NumberAxis y = new NumberAxis(metric.displayName() + " (%)");
        y.setAutoRangeIncludesZero(false);
        y.setNumberFormatOverride(new DecimalFormat("0"));
        return y;
    }

    private static String subtitle(ComparisonView view, String setting) {
        Set<String> sizes = new LinkedHashSet<>();
        Set<Long> masks = new LinkedHashSet<>();
        int models = 1;
        for (SweepCurve c : view.curves(setting)) {
            sizes.add(Integer.toString(c.points().get(0).size()));
            masks.addAll(c.maskSeeds());
            models = Math.max(models, c.modelCount());
        }
        String bands = view.isSubsetSetting(setting) ? "bars: half the 95% interval" : "bands: 95% interval";
        return "pattern " + String.join(", ", view.patterns(setting)) + ", " + String.join("/", sizes) + " test utterances, "
                + (models == 1 ? "one model per system" : "mean of " + models + " training seeds") + ", mask seed"
                + (masks.size() > 1 ? "s " : " ") + masks.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "; " + bands;
    }

    private static JFreeChart chart(String title, String subtitle, Plot plot) {
        JFreeChart chart = new JFreeChart(title, new Font(FONT, Font.BOLD, 20), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        TextTitle sub = new TextTitle(subtitle, new Font(FONT, Font.PLAIN, 14));
        sub.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(sub);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(new Font(FONT, Font.PLAIN, 15));
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static void styleAxis(Axis axis) {
        axis.setLabelFont(new Font(FONT, Font.PLAIN, 16));
        axis.setTickLabelFont(new Font(FONT, Font.PLAIN, 14));
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelPaint(Color.BLACK);
    }

    private static Shape scaled(Shape shape, double factor) {
        return AffineTransform.getScaleInstance(factor, factor).createTransformedShape(shape);
    }
}
