package dev.cider.text;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TextEncoderSpec#fromProvenance} finds an encoder's configuration inside a provenance tree, and {@link TextEncoderSpec#build}
 * rebuilds the same encoder from it.
 */
class TextEncoderSpecProvenanceTest {

    @Test
    void findsTheEncoderOfTheRightDimensionAndRebuildsIt() {
        try (OnnxTextEncoder encoder = new OnnxTextEncoder(MiniLmModel.QUANTISED, 8, 1)) {
            ListProvenance<Provenance> tree = new ListProvenance<>(List.of(new StringProvenance("other", "x"), encoder.getProvenance()));
            Optional<TextEncoderSpec> found = TextEncoderSpec.fromProvenance(tree, 384);
            assertTrue(found.isPresent());
            assertEquals(OnnxTextEncoder.class.getName(), found.get().className());
            assertEquals(encoder.modelHash(), found.get().modelHash());
            assertEquals(TextEncoderSpec.of(encoder).orElseThrow(), found.get());
            assertTrue(TextEncoderSpec.fromProvenance(tree, 768).isEmpty(), "an encoder of another dimension is not the one");
            try (TextEncoder rebuilt = found.get().build()) {
                assertEquals(encoder.modelHash(), rebuilt.modelHash());
            }
        }
    }

    @Test
    void buildNamesWhyItCannot() {
        TextEncoderSpec gone = new TextEncoderSpec(OnnxTextEncoder.class.getName(), java.util.Map.of("modelPath", "/nonexistent/x.onnx"), "");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, gone::build);
        assertTrue(e.getMessage().contains("Cannot rebuild the text encoder") && e.getMessage().contains("/nonexistent/x.onnx"), e.getMessage());
        assertTrue(gone.rebuild().isEmpty());
    }
}
