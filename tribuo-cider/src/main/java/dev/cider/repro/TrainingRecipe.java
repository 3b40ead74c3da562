package dev.cider.repro;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.cider.data.DataSplit;
import dev.cider.data.MultimodalExample;
import dev.cider.data.MultimodalSource;
import dev.cider.model.CiderModel;
import dev.cider.train.CiderTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a CIDer model was trained with, rebuilt from its provenance: the {@link CiderTrainer} (with the invocation
 * count it had), the training data source, and the validation data source when the model records one (the run
 * provenance entry {@value #VALIDATION_DATA}; without it the trainer held out part of the training data itself).
 * Checkpointing is switched off ({@code checkpointDir}, {@code resume} and {@code overwriteCheckpoint} unset): a reproduction must neither resume
 * from nor overwrite the original run's checkpoints.
 */
final class TrainingRecipe {

    /** The run provenance key under which {@link CiderTrainer} records the validation data's provenance. */
    static final String VALIDATION_DATA = "validation-data";

    /** The trainer fields a reproduction leaves at their defaults. */
    static final Set<String> UNSET_TRAINER_FIELDS = Set.of("checkpointDir", "resume", "overwriteCheckpoint");

    /** The trainer fields that cannot change a training's result (overriding them is not a change of the recipe). */
    static final Set<String> NON_TRAINING_FIELDS = Set.of("checkpointDir", "resume", "overwriteCheckpoint", "showProgress");

    private static final String TRAINER_ROLE = "the trainer";
    private static final String TRAIN_ROLE = "the training data source";
    private static final String VALID_ROLE = "the validation data source";

    private final CiderTrainer trainer;
    private final int invocationCount;
    private final MultimodalSource trainSource;
    private final MultimodalSource validSource;
    private final ObjectProvenance recordedTrainSource;
    private final ObjectProvenance recordedValidSource;

    private TrainingRecipe(CiderTrainer trainer, int invocationCount, MultimodalSource trainSource, MultimodalSource validSource,
                           ObjectProvenance recordedTrainSource, ObjectProvenance recordedValidSource) {
        this.trainer = trainer;
        this.invocationCount = invocationCount;
        this.trainSource = trainSource;
        this.validSource = validSource;
        this.recordedTrainSource = recordedTrainSource;
        this.recordedValidSource = recordedValidSource;
    }

    /**
     * Rebuilds the trainer and data of a model.
     * @param provenance The model's provenance.
     * @param overrides Changes to the recorded trainer and data settings.
     * @param rebuilder Instantiates the components (and later closes them).
     * @return The recipe.
     * @throws ReproductionException naming what is missing when the provenance cannot be rebuilt.
     */
    static TrainingRecipe of(ModelProvenance provenance, List<SettingOverride> overrides, ComponentRebuilder rebuilder) {
        TrainerProvenance tp = provenance.getTrainerProvenance();
        if (tp == null || !CiderTrainer.class.getName().equals(tp.getClassName())) {
            throw new ReproductionException("The model was trained by " + (tp == null ? "an unrecorded trainer" : tp.getClassName())
                    + "; only models trained by " + CiderTrainer.class.getSimpleName() + " can be reproduced");
        }
        int invocationCount = invocationCount(tp);
        List<SettingOverride> trainerOverrides = select(overrides, SettingOverride.TRAINER);
        List<SettingOverride> dataOverrides = select(overrides, SettingOverride.DATA);
        for (SettingOverride o : trainerOverrides) {
            if (UNSET_TRAINER_FIELDS.contains(o.fieldPath().get(0))) {
                throw new ReproductionException("Setting override " + o + ": a reproduction never uses checkpoints");
            }
        }
        CiderTrainer trainer = rebuilder.rebuild(TRAINER_ROLE, tp, CiderTrainer.class, trainerOverrides, UNSET_TRAINER_FIELDS);
        ObjectProvenance trainData = sourceProvenance(provenance.getDatasetProvenance(), TRAIN_ROLE);
        MultimodalSource train = readable(rebuilder.rebuild(TRAIN_ROLE, trainData, MultimodalSource.class, dataOverrides, Set.of()), TRAIN_ROLE);
        Provenance valid = provenance.getInstanceProvenance().getMap().get(VALIDATION_DATA);
        MultimodalSource validSource = null;
        ObjectProvenance validData = null;
        if (valid != null) {
            if (!(valid instanceof DatasetProvenance)) {
                throw new ReproductionException("The run provenance entry '" + VALIDATION_DATA + "' is a " + valid.getClass().getSimpleName()
                        + ", not a dataset provenance, so the validation data cannot be rebuilt");
            }
            validData = sourceProvenance((DatasetProvenance) valid, VALID_ROLE);
            validSource = readable(rebuilder.rebuild(VALID_ROLE, validData, MultimodalSource.class, dataOverrides, Set.of()), VALID_ROLE);
        }
        return new TrainingRecipe(trainer, invocationCount, train, validSource, trainData, validData);
    }

    /** Reads the source's examples and hashes its files now, so that a missing or unreadable file fails here. */
    private static MultimodalSource readable(MultimodalSource source, String role) {
        try {
            source.examples();
            source.getProvenance();
        } catch (RuntimeException e) {
            throw new ReproductionException("Cannot read " + role + " " + source + ": " + ComponentRebuilder.describe(e)
                    + " (a data file that moved can be given with an override such as data.path=NEW_PATH, or data.source.path=NEW_PATH"
                    + " for the source a wrapper reads)", e);
        }
        return source;
    }

    private static List<SettingOverride> select(List<SettingOverride> overrides, String component) {
        List<SettingOverride> out = new ArrayList<>();
        for (SettingOverride o : overrides) {
            if (o.component().equals(component)) {
                out.add(o);
            }
        }
        return out;
    }

    private static int invocationCount(TrainerProvenance tp) {
        PrimitiveProvenance<?> count = tp.getInstanceValues().get(TrainerProvenance.TRAIN_INVOCATION_COUNT);
        if (count == null || !(count.getValue() instanceof Number)) {
            throw new ReproductionException("The trainer provenance records no '" + TrainerProvenance.TRAIN_INVOCATION_COUNT
                    + "', so the trainer's random state cannot be restored");
        }
        return ((Number) count.getValue()).intValue();
    }

    private static ObjectProvenance sourceProvenance(DatasetProvenance dataset, String role) {
        if (dataset == null) {
            throw new ReproductionException("The model records no dataset provenance for " + role);
        }
        if (!MutableDataset.class.getName().equals(dataset.getClassName())) {
            throw new ReproductionException("The data of " + role + " was a " + dataset.getClassName() + "; only a "
                    + MutableDataset.class.getSimpleName() + " read from a data source can be rebuilt");
        }
        if (!dataset.getTransformationProvenance().getList().isEmpty()) {
            throw new ReproductionException("The data of " + role + " was transformed (" + dataset.getTransformationProvenance()
                    + "); transformed datasets cannot be rebuilt");
        }
        if (!(dataset.getSourceProvenance() instanceof ObjectProvenance)) {
            throw new ReproductionException(capitalised(role) + " records no provenance object (" + dataset.getSourceProvenance()
                    + "), so it cannot be rebuilt");
        }
        return (ObjectProvenance) dataset.getSourceProvenance();
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * The data files whose content differs from the recorded one, for the training and validation sources (each
     * file once).
     * @return The changes.
     */
    List<DataFileChange> dataFileChanges() {
        Map<String, DataFileChange> byMessage = new LinkedHashMap<>();
        for (DataFileChange c : DataFileCheck.changes(recordedTrainSource, (ObjectProvenance) trainSource.getProvenance())) {
            byMessage.putIfAbsent(c.message(), c);
        }
        if (validSource != null) {
            for (DataFileChange c : DataFileCheck.changes(recordedValidSource, (ObjectProvenance) validSource.getProvenance())) {
                byMessage.putIfAbsent(c.message(), c);
            }
        }
        return new ArrayList<>(byMessage.values());
    }

    /**
     * Trains again: the trainer's random state is set to the recorded invocation count, then it trains on the
     * training data with the validation data (or, when none was recorded, holds part of the training data out
     * itself, as it did).
     * @return The new model.
     */
    CiderModel retrain() {
        MutableDataset<Label> train = new MutableDataset<>(trainSource);
        if (validSource == null) {
            return trainer.train(train, Collections.emptyMap(), invocationCount);
        }
        MutableDataset<Label> valid = new MutableDataset<>(validSource);
        trainer.setInvocationCount(invocationCount);
        return trainer.train(train, valid, Map.of());
    }

    /**
     * The test split of the training data's corpus.
     * @return Its utterances.
     */
    List<MultimodalExample> testExamples() {
        return trainSource.forSplit(DataSplit.TEST).examples();
    }

    /** @return The rebuilt trainer. */
    CiderTrainer trainer() {
        return trainer;
    }

    /** @return The trainer's invocation count when it trained the model. */
    int invocationCount() {
        return invocationCount;
    }

    /** @return The rebuilt training data source. */
    MultimodalSource trainSource() {
        return trainSource;
    }

    /** @return The rebuilt validation data source, or null when the trainer held out part of the training data. */
    MultimodalSource validSource() {
        return validSource;
    }
}
