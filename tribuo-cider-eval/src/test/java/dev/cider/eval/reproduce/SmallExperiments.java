package dev.cider.eval.reproduce;

import dev.cider.data.DataSplit;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.CsvTextSource;
import dev.cider.data.source.SyntheticPreset;
import dev.cider.data.source.SyntheticSource;
import dev.cider.eval.baseline.Baselines;
import dev.cider.eval.compare.ComparisonExperiment;
import dev.cider.eval.compare.ExperimentRunner;
import dev.cider.eval.compare.LocalTrialEngine;
import dev.cider.eval.compare.SystemSpec;
import dev.cider.eval.report.JsonResults;
import dev.cider.missing.Rmfm;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small experiments for the reproduction tests, and a way to run one and write its results.json. */
final class SmallExperiments {

    private SmallExperiments() {
    }

    /** Two baselines on a small synthetic corpus with an OOD test split, swept over three rates. */
    static ComparisonExperiment baselines(List<Long> trainingSeeds, List<Long> maskSeeds) {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 30).build();
        SyntheticSource ood = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 30)
                .oodTest(true).build();
        return new ComparisonExperiment("baselines", iid, ood, List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)),
                new SystemSpec("SVM", Baselines.trainer(Baselines.LINEAR_SVM))), List.of(new Rmfm()), new double[] {0.0, 0.5, 1.0}, 0)
                .withSeeds(trainingSeeds, maskSeeds).withBootstrap(200, 7);
    }

    /** A one-epoch tiny CIDer against logistic regression, two training seeds and two mask seeds. */
    static ComparisonExperiment tinyCider() {
        SyntheticSource iid = SyntheticSource.builder(SyntheticPreset.MOSI_ALIGNED).task(SentimentTask.BINARY).seed(9).sizes(48, 16, 24).build();
        CiderTrainer cider = CiderTrainer.builder(SentimentTask.BINARY, 3).schedule(1, 16, 5).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
        return new ComparisonExperiment("tiny CIDer", iid, null, List.of(new SystemSpec("CIDer", cider),
                new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION))), List.of(new Rmfm()), new double[] {0.0, 0.5, 1.0}, 0)
                .withSeeds(List.of(1L, 2L), List.of(0L, 5L)).withBootstrap(200, 3);
    }

    /**
     * Writes a small CSV in CMU-MOSI's label.csv layout: 36 utterances, a third in each split, positive and negative
     * words that follow the label.
     */
    static Path writeCsv(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("id,text,label,mode\n");
        String[] splits = {"train", "dev", "test"};
        for (int i = 0; i < 36; i++) {
            boolean positive = i % 2 == 0;
            sb.append("clip").append(i / 3).append('_').append(i % 3).append(',')
                    .append(positive ? "a good and great film " : "a bad and awful film ").append(i).append(',')
                    .append(positive ? "1.5" : "-2.0").append(',').append(splits[(i / 2) % 3]).append('\n');
        }
        return Files.writeString(dir.resolve("label.csv"), sb.toString());
    }

    /** Logistic regression and a linear SVM on a CSV, with synthetic audio and vision, two training seeds. */
    static ComparisonExperiment csv(Path csv) {
        CsvTextSource source = new CsvTextSource(csv, DataSplit.TRAIN, SentimentTask.BINARY, CsvTextSource.AudioVisionMode.SYNTHETIC, 4L);
        return new ComparisonExperiment("csv", source, null, List.of(new SystemSpec("LR", Baselines.trainer(Baselines.LOGISTIC_REGRESSION)),
                new SystemSpec("SVM", Baselines.trainer(Baselines.LINEAR_SVM))), List.of(new Rmfm()), new double[] {0.0, 1.0}, 0)
                .withSeeds(List.of(1L, 2L), List.of(0L)).withBootstrap(100, 1);
    }

    /**
     * Runs an experiment one trial at a time and writes its results.json.
     * @return The file.
     */
    static Path runAndWrite(ComparisonExperiment experiment, Path dir) throws IOException {
        Path file = dir.resolve("results.json");
        JsonResults.write(file, new ExperimentRunner(experiment, line -> { }, new LocalTrialEngine(1)).run(null, new ArrayList<>(List.of("test"))));
        return file;
    }
}
