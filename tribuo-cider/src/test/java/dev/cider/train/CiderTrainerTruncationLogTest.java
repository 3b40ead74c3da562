package dev.cider.train;

import dev.cider.data.MultimodalSplits;
import dev.cider.data.SentimentTask;
import dev.cider.data.source.CsvTextSource;
import dev.cider.model.CiderModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training says how many texts of the train and valid splits were cut to the text length: a WARNING when some were,
 * INFO when none were.
 */
class CiderTrainerTruncationLogTest {

    private static final String[] SCORES = {"2", "-2", "0"};

    @Test
    void theTrainingLogCountsCutTexts(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("id,text,label,mode\n");
        for (int i = 0; i < 24; i++) {
            // every sixth training text has 8 one-piece words, more than the 4 that fit into 6 positions
            String text = i % 6 == 0 ? "a b c d e f g h" : "good fun";
            sb.append("t").append(i).append(',').append(text).append(',').append(SCORES[i % 3]).append(",train\n");
        }
        for (int i = 0; i < 8; i++) {
            sb.append("v").append(i).append(",nice,").append(SCORES[i % 3]).append(",dev\n");
            sb.append("x").append(i).append(",fine,").append(SCORES[i % 3]).append(",test\n");
        }
        Path csv = Files.writeString(dir.resolve("c.csv"), sb.toString(), StandardCharsets.UTF_8);
        MultimodalSplits splits = MultimodalSplits.load(CsvTextSource.builder(csv).maxTextLength(6).absent(4, 2, 4, 2).build());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(CiderTrainer.class.getName());
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addHandler(handler);
        try (CiderModel model = CiderTrainer.builder(SentimentTask.BINARY, 1L).schedule(1, 8, 1)
                .showProgress(false).architecture(CiderArchitecture.builder().size(8, 1, 2).build()).build().train(splits)) {
            assertTrue(model != null);
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                && r.getMessage().startsWith("train: 4 of 24 texts cut to 6 tokens (16.7%)")), messages(records));
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.INFO
                && r.getMessage().startsWith("valid: 0 of 8 texts cut to 6 tokens")), messages(records));
    }

    private static String messages(List<LogRecord> records) {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList().toString();
    }
}
