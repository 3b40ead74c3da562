package dev.cider.repro;

import dev.cider.data.SentimentTask;
import dev.cider.data.source.CsvTextSource;
import dev.cider.model.CiderModel;
import dev.cider.train.CiderArchitecture;
import dev.cider.train.CiderTrainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small trainers, a small CSV corpus and saving for the reproduction tests.
 */
final class ReproductionFixtures {

    private ReproductionFixtures() {
    }

    /**
     * A tiny CIDer trainer: hidden size 16, one layer, two heads, batches of 16, no progress output.
     * @param seed The seed.
     * @param epochs The number of epochs.
     * @return The trainer.
     */
    static CiderTrainer tinyTrainer(long seed, int epochs) {
        return CiderTrainer.builder(SentimentTask.BINARY, seed).schedule(epochs, 16, 50).showProgress(false)
                .architecture(CiderArchitecture.builder().size(16, 1, 2).build()).build();
    }

    /**
     * Saves a model as {@code cider train} does.
     * @param model The model.
     * @param file The file.
     * @return The file.
     * @throws IOException on failure.
     */
    static Path save(CiderModel model, Path file) throws IOException {
        model.serializeToFile(file);
        return file;
    }

    /**
     * Writes a CSV of 60 utterances in the {@code id,text,label,mode} layout: positive, negative and neutral texts,
     * 36 train, 12 dev and 12 test.
     * @param file The file.
     * @return The file.
     * @throws IOException on failure.
     */
    static Path writeCsv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("id,text,label,mode\n");
        String[] texts = {"a great and good film", "an awful and bad film", "a film about some things"};
        String[] scores = {"1.8", "-1.6", "0.0"};
        String[] modes = {"train", "train", "train", "dev", "test"};
        for (int i = 0; i < 60; i++) {
            sb.append("u").append(i).append(',').append(texts[i % 3]).append(i % 4 == 0 ? " with actors" : " with a plot")
                    .append(',').append(scores[i % 3]).append(',').append(modes[i % 5]).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /**
     * A source over {@link #writeCsv} with small synthetic audio and vision.
     * @param csv The CSV file.
     * @return The training split's source.
     */
    static CsvTextSource csvSource(Path csv) {
        return CsvTextSource.builder(csv).synthetic(20, 4, 20, 6, 3).build();
    }
}
