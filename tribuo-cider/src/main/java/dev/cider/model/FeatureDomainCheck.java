package dev.cider.model;

import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.VariableInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that a Tribuo model trained on the pooled features of multimodal examples ({@code audio.mean.3},
 * {@code text.tok.2204}, ...) is given data with the same features before it predicts. Tribuo itself drops a feature
 * outside a model's domain and reads a domain feature an example lacks as 0, so a baseline trained on one corpus shape
 * would otherwise score another silently. {@link CiderModel}s are not checked here: they check their data layout
 * themselves when predicting; nor are {@link DerivedFeaturesModel}s, which compute their own features from each example.
 * <p>
 * Features are compared by family: a name without its trailing index ({@code audio.mean}, {@code text.present}). Only
 * the families the model knows are compared, so a model trained on a subset of the features (a single-modality
 * baseline) accepts examples carrying others. Within a family the data must produce exactly the model's features,
 * except for the token-frequency family {@code text.tok}, whose vocabulary is open: unseen token ids are expected, but
 * data with no token features at all (token features instead of token ids) is refused.
 */
public final class FeatureDomainCheck {

    /** The family of the token-frequency features, whose names are open-ended. */
    static final String OPEN_FAMILY = "text.tok";

    /** How many feature names a message lists at most. */
    private static final int NAMES_SHOWN = 5;

    private FeatureDomainCheck() {
    }

    /**
     * Throws if a non-CIDer model's features are not the ones the examples produce.
     * @param model The model.
     * @param examples The examples it is about to predict.
     * @param dataName What the examples are, for the message (e.g. the source's description).
     * @throws IllegalArgumentException naming how many and which features are unknown to the model or absent from the data.
     */
    public static void check(Model<?> model, Collection<? extends Example<?>> examples, String dataName) {
        check(model, "Model '" + model.getName() + "'", examples, dataName);
    }

    /**
     * Throws if a non-CIDer model's features are not the ones the examples produce.
     * @param model The model.
     * @param modelName What the model is, for the message (e.g. {@code System 'lr'}).
     * @param examples The examples it is about to predict.
     * @param dataName What the examples are, for the message (e.g. the source's description).
     * @throws IllegalArgumentException naming how many and which features are unknown to the model or absent from the data.
     */
    public static void check(Model<?> model, String modelName, Collection<? extends Example<?>> examples, String dataName) {
        if (model instanceof CiderModel || model instanceof DerivedFeaturesModel || examples.isEmpty()) {
            return;
        }
        String problem = mismatch(model.getFeatureIDMap(), examples);
        if (problem != null) {
            throw new IllegalArgumentException(modelName + " (" + model.getClass().getSimpleName() + ", "
                    + model.getFeatureIDMap().size() + " features) does not fit the data " + dataName + ": " + problem
                    + ". It was trained on data of another shape (another corpus, feature dimensions or text input);"
                    + " predict data shaped like its training data, or train it again on this data");
        }
    }

    /**
     * The mismatch between a model's features and those the examples produce.
     * @param modelFeatures The model's feature domain.
     * @param examples The examples.
     * @return A description of the unknown and absent features, or null when they fit.
     */
    static String mismatch(ImmutableFeatureMap modelFeatures, Collection<? extends Example<?>> examples) {
        Set<String> families = new HashSet<>();
        for (VariableInfo v : modelFeatures) {
            families.add(family(v.getName()));
        }
        Set<String> produced = new HashSet<>();
        boolean tokens = false;
        for (Example<?> ex : examples) {
            for (Feature f : ex) {
                String fam = family(f.getName());
                if (fam.equals(OPEN_FAMILY)) {
                    tokens = true;
                } else if (families.contains(fam)) {
                    produced.add(f.getName());
                }
            }
        }
        TreeSet<String> unknown = new TreeSet<>(FeatureDomainCheck::byFamilyThenIndex);
        for (String name : produced) {
            if (modelFeatures.get(name) == null) {
                unknown.add(name);
            }
        }
        TreeSet<String> absent = new TreeSet<>(FeatureDomainCheck::byFamilyThenIndex);
        for (VariableInfo v : modelFeatures) {
            String fam = family(v.getName());
            if (!fam.equals(OPEN_FAMILY) && !produced.contains(v.getName())) {
                absent.add(v.getName());
            }
        }
        List<String> parts = new ArrayList<>();
        if (!unknown.isEmpty()) {
            parts.add(unknown.size() + " feature" + (unknown.size() == 1 ? "" : "s") + " of the data unknown to the model ("
                    + shown(unknown) + ")");
        }
        if (!absent.isEmpty()) {
            parts.add(absent.size() + " model feature" + (absent.size() == 1 ? "" : "s") + " absent from the data ("
                    + shown(absent) + ")");
        }
        if (families.contains(OPEN_FAMILY) && !tokens) {
            parts.add("the model reads token-id frequencies (" + OPEN_FAMILY + ".*) but the data has none"
                    + " (it carries token features or no text)");
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /**
     * The family of a pooled feature name: the name without a trailing {@code .INDEX}.
     * @param name The feature name.
     * @return e.g. {@code audio.mean} for {@code audio.mean.3}, {@code text.present} for itself.
     */
    static String family(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return name;
        }
        for (int i = dot + 1; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return name;
            }
        }
        return name.substring(0, dot);
    }

    /** Orders names by family, then numerically by index, so {@code audio.mean.10} follows {@code audio.mean.9}. */
    private static int byFamilyThenIndex(String a, String b) {
        String fa = family(a);
        String fb = family(b);
        int c = fa.compareTo(fb);
        if (c != 0 || fa.equals(a) || fb.equals(b)) {
            return c != 0 ? c : a.compareTo(b);
        }
        String ia = a.substring(fa.length() + 1);
        String ib = b.substring(fb.length() + 1);
        return ia.length() != ib.length() ? Integer.compare(ia.length(), ib.length()) : ia.compareTo(ib);
    }

    private static String shown(TreeSet<String> names) {
        List<String> first = new ArrayList<>();
        for (String n : names) {
            if (first.size() == NAMES_SHOWN) {
                break;
            }
            first.add(n);
        }
        return String.join(", ", first) + (names.size() > NAMES_SHOWN ? ", ..." : "");
    }
}
