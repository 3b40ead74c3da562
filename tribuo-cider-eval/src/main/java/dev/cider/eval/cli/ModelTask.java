package dev.cider.eval.cli;

import dev.cider.data.MultimodalSource;
import dev.cider.data.SentimentTask;

import java.nio.file.Path;

/**
 * Makes the data of a command that reads a saved CIDer model follow the model's task, refusing a {@code --task} or a
 * configured source that asks for another one instead of silently using the model's.
 */
final class ModelTask {

    private ModelTask() {
    }

    /**
     * Sets the data options' task to the model's, refusing a different {@code --task}.
     * @param data The data options.
     * @param modelTask The task the model was trained for.
     * @param model The model file (for the message).
     * @throws IllegalArgumentException if {@code --task} names another task.
     */
    static void apply(SourceOptions data, SentimentTask modelTask, Path model) {
        if (data.task != null && SentimentTask.parse(data.task) != modelTask) {
            throw new IllegalArgumentException("--task " + data.task + " conflicts with the model " + model + ", which was trained for task "
                    + modelTask + "; drop --task (the model's task is used)");
        }
        data.task = modelTask.name();
    }

    /**
     * Refuses a resolved source of another task than the model's (a configured source keeps its own task).
     * @param source The source.
     * @param data The data options that gave it.
     * @param modelTask The task the model was trained for.
     * @param model The model file (for the message).
     * @throws IllegalArgumentException if the tasks differ.
     */
    static void requireSame(MultimodalSource source, SourceOptions data, SentimentTask modelTask, Path model) {
        if (source.getTask() != modelTask) {
            String name = data.source == null ? "the data source" : "the data source '" + data.source + "'";
            throw new IllegalArgumentException(name + " is configured for task " + source.getTask() + " but the model " + model
                    + " was trained for task " + modelTask + (data.source == null ? "" : "; change it with --@" + data.source + ".task " + modelTask));
        }
    }
}
