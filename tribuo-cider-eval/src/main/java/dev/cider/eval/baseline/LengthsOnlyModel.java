package dev.cider.eval.baseline;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.cider.model.DerivedFeaturesModel;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.WeightedEnsembleModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A classifier of the modalities' valid lengths alone ({@link ValidLengths}): it wraps a Tribuo model trained on the
 * three length features and, at prediction time, turns each multimodal example into its lengths view. Made by
 * {@link LengthsOnlyTrainer}; its domains are the wrapped model's, and so, unless it is copied under another name, are its
 * name and provenance (whose data provenance says the features are valid lengths). It is serialised with Tribuo's
 * protobuf mechanism, in Tribuo's own ensemble message: the wrapper's metadata and its one member, without a combiner.
 */
public final class LengthsOnlyModel extends Model<Label> implements DerivedFeaturesModel {
    private static final long serialVersionUID = 1L;

    /** The protobuf serialisation version. */
    public static final int CURRENT_VERSION = 0;

    private final Model<Label> lengthsModel;

    /**
     * Wraps a model of the length features.
     * @param lengthsModel A model trained on {@link ValidLengths} views.
     */
    LengthsOnlyModel(Model<Label> lengthsModel) {
        this(lengthsModel.getName(), lengthsModel.getProvenance(), lengthsModel);
    }

    private LengthsOnlyModel(String name, ModelProvenance provenance, Model<Label> lengthsModel) {
        super(name, provenance, lengthsModel.getFeatureIDMap(), lengthsModel.getOutputIDInfo(), lengthsModel.generatesProbabilities());
        this.lengthsModel = lengthsModel;
    }

    /** @return The wrapped model of the three length features. */
    public Model<Label> lengthsModel() {
        return lengthsModel;
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        Prediction<Label> p = lengthsModel.predict(ValidLengths.of(example));
        return new Prediction<>(p.getOutput(), p.getOutputScores(), p.getNumActiveFeatures(), example, p.hasProbabilities());
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return lengthsModel.getTopFeatures(n);
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return lengthsModel.getExcuse(ValidLengths.of(example)).map(e -> new Excuse<>(example, predict(example), e.getScores()));
    }

    @Override
    protected Model<Label> copy(String newName, ModelProvenance newProvenance) {
        return new LengthsOnlyModel(newName, newProvenance, lengthsModel.copy());
    }

    @Override
    public ModelProto serialize() {
        return ModelProto.newBuilder().setVersion(CURRENT_VERSION).setClassName(LengthsOnlyModel.class.getName())
                .setSerializedData(Any.pack(WeightedEnsembleModelProto.newBuilder().setMetadata(createDataCarrier().serialize())
                        .addModels(lengthsModel.serialize()).build())).build();
    }

    /**
     * Reads a model written by {@link #serialize()} (called by Tribuo's {@link Model#deserialize}).
     * @param version The serialisation version.
     * @param className The class name.
     * @param message The wrapper's metadata and the wrapped model.
     * @return The model.
     * @throws InvalidProtocolBufferException if the message is not a Tribuo model.
     * @throws IllegalArgumentException if the version is unknown or the wrapped model is not a classifier.
     */
    public static LengthsOnlyModel deserializeFromProto(int version, String className, Any message) throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown LengthsOnlyModel version " + version + ", this library reads versions up to "
                    + CURRENT_VERSION);
        }
        WeightedEnsembleModelProto proto = message.unpack(WeightedEnsembleModelProto.class);
        if (proto.getModelsCount() != 1) {
            throw new IllegalArgumentException("Invalid LengthsOnlyModel protobuf: expected one wrapped model, found " + proto.getModelsCount());
        }
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(proto.getMetadata());
        Model<?> inner = Model.deserialize(proto.getModels(0));
        ImmutableOutputInfo<?> domain = inner.getOutputIDInfo();
        if (domain.size() == 0 || !(domain.getDomain().iterator().next() instanceof Label)) {
            throw new IllegalArgumentException("Invalid LengthsOnlyModel protobuf: the wrapped model is not a classifier");
        }
        @SuppressWarnings("unchecked") // guarded by the check above
        Model<Label> lengths = (Model<Label>) inner;
        return new LengthsOnlyModel(carrier.name(), carrier.provenance(), lengths);
    }
}
