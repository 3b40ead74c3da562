package dev.cider.missing;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.provenance.DataProvenance;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The provenance of a test split corrupted by a {@link MissingPattern}: the clean split's provenance, the pattern
 * (its name and configuration), the missing rate and the mask seed. Since evaluation masks are a pure function of
 * (pattern, seed, rate, utterance id), these fields rebuild exactly the inputs a model was evaluated on.
 * <p>
 * Tribuo's {@link org.tribuo.provenance.EvaluationProvenance} of an evaluation on corrupted data takes this as its
 * test data provenance, so a sweep point's evaluation says what it was evaluated on, not only which clean split.
 * The described class is the pattern's class. An SMM subset has no rate: its rate is NaN and its name carries the
 * kept modalities ({@code SMM:LA}).
 */
public final class CorruptedDataProvenance implements DataProvenance {
    private static final long serialVersionUID = 1L;

    /** Field holding the clean data's provenance. */
    public static final String SOURCE = "source";
    /** Field holding the pattern's configuration. */
    public static final String PATTERN = "pattern";
    /** Field holding the pattern's report name. */
    public static final String PATTERN_NAME = "pattern-name";
    /** Field holding the missing rate. */
    public static final String RATE = "rate";
    /** Field holding the mask seed. */
    public static final String MASK_SEED = "mask-seed";

    private final StringProvenance className;
    private final DataProvenance source;
    private final ConfiguredObjectProvenance pattern;
    private final StringProvenance patternName;
    private final DoubleProvenance rate;
    private final LongProvenance maskSeed;

    /**
     * Describes a corrupted copy of clean data.
     * @param source The clean data's provenance.
     * @param pattern The pattern.
     * @param rate The missing rate (NaN for an SMM subset).
     * @param maskSeed The mask seed.
     */
    public CorruptedDataProvenance(DataProvenance source, MissingPattern pattern, double rate, long maskSeed) {
        this.source = Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pattern, "pattern");
        this.className = new StringProvenance(CLASS_NAME, pattern.getClass().getName());
        this.pattern = pattern.getProvenance();
        this.patternName = new StringProvenance(PATTERN_NAME, pattern.name());
        this.rate = new DoubleProvenance(RATE, rate);
        this.maskSeed = new LongProvenance(MASK_SEED, maskSeed);
    }

    /**
     * Deserialization constructor.
     * @param map The provenance map.
     */
    public CorruptedDataProvenance(Map<String, Provenance> map) {
        String host = CorruptedDataProvenance.class.getSimpleName();
        this.className = ObjectProvenance.checkAndExtractProvenance(map, CLASS_NAME, StringProvenance.class, host);
        this.source = ObjectProvenance.checkAndExtractProvenance(map, SOURCE, DataProvenance.class, host);
        this.pattern = ObjectProvenance.checkAndExtractProvenance(map, PATTERN, ConfiguredObjectProvenance.class, host);
        this.patternName = ObjectProvenance.checkAndExtractProvenance(map, PATTERN_NAME, StringProvenance.class, host);
        this.rate = ObjectProvenance.checkAndExtractProvenance(map, RATE, DoubleProvenance.class, host);
        this.maskSeed = ObjectProvenance.checkAndExtractProvenance(map, MASK_SEED, LongProvenance.class, host);
    }

    /** @return The clean data's provenance. */
    public DataProvenance getSource() {
        return source;
    }

    /** @return The pattern's configuration. */
    public ConfiguredObjectProvenance getPattern() {
        return pattern;
    }

    /** @return The pattern's report name, e.g. {@code RMFM} or {@code SMM:LA}. */
    public String getPatternName() {
        return patternName.getValue();
    }

    /** @return The missing rate (NaN for an SMM subset). */
    public double getRate() {
        return rate.getValue();
    }

    /** @return The mask seed. */
    public long getMaskSeed() {
        return maskSeed.getValue();
    }

    @Override
    public String getClassName() {
        return className.getValue();
    }

    @Override
    public Iterator<Pair<String, Provenance>> iterator() {
        List<Pair<String, Provenance>> fields = new ArrayList<>();
        fields.add(new Pair<>(CLASS_NAME, className));
        fields.add(new Pair<>(SOURCE, source));
        fields.add(new Pair<>(PATTERN, pattern));
        fields.add(new Pair<>(PATTERN_NAME, patternName));
        fields.add(new Pair<>(RATE, rate));
        fields.add(new Pair<>(MASK_SEED, maskSeed));
        return fields.iterator();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CorruptedDataProvenance other)) {
            return false;
        }
        return className.equals(other.className) && source.equals(other.source) && pattern.equals(other.pattern)
                && patternName.equals(other.patternName) && rate.equals(other.rate) && maskSeed.equals(other.maskSeed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(className, source, pattern, patternName, rate, maskSeed);
    }

    @Override
    public String toString() {
        return generateString("CorruptedData");
    }
}
