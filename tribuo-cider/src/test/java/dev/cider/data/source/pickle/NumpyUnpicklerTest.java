package dev.cider.data.source.pickle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decodes the dtype fixtures written by {@code mmsa/make_fixtures.py} (protocols 2 to 5, numpy 1.x and 2.x
 * global names) and compares every array with the expectations the script wrote to {@code fixtures.json}.
 */
class NumpyUnpicklerTest {

    private static Path dir;
    private static JsonNode dtypes;

    @BeforeAll
    static void loadExpectations() throws IOException, URISyntaxException {
        dir = Path.of(NumpyUnpicklerTest.class.getResource("/mmsa/fixtures.json").toURI()).getParent();
        dtypes = new ObjectMapper().readTree(dir.resolve("fixtures.json").toFile()).get("dtypes");
    }

    @Test
    void everyDtypeFixtureDecodesOnHeapAndMapped() {
        assertTrue(dtypes.get("files").size() >= 6, "fixture list");
        for (JsonNode f : dtypes.get("files")) {
            Path file = dir.resolve(f.get("file").asText());
            checkDtypeFixture(NumpyUnpickler.read(file, Long.MAX_VALUE), file + " (heap)");
            checkDtypeFixture(NumpyUnpickler.read(file, 0), file + " (mapped)");
        }
    }

    @Test
    void inMemoryDecodingMatchesFileDecoding() throws IOException {
        Path file = dir.resolve("dtypes_p5.pkl");
        checkDtypeFixture(NumpyUnpickler.read(Files.readAllBytes(file)), "in-memory dtypes_p5.pkl");
    }

    private static void checkDtypeFixture(Object decoded, String where) {
        Map<?, ?> root = assertInstanceOf(Map.class, decoded, where);
        Iterator<Map.Entry<String, JsonNode>> it = dtypes.get("arrays").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String ctx = where + " [" + e.getKey() + "]";
            JsonNode exp = e.getValue();
            NumpyArray a = assertInstanceOf(NumpyArray.class, root.get(e.getKey()), ctx);
            assertEquals(exp.get("dtype").asText(), a.dtype().name(), ctx);
            long[] shape = new long[exp.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = exp.get("shape").get(i).asLong();
            }
            assertArrayEquals(shape, a.shape(), ctx);
            assertEquals(exp.get("fortran").asBoolean(), a.fortranOrder(), ctx);
            JsonNode values = exp.get("values");
            assertEquals(values.size(), a.size(), ctx);
            switch (a.dtype().kind()) {
                case 'f': {
                    float[] floats = a.toFloatArray();
                    double[] doubles = a.toDoubleArray();
                    for (int i = 0; i < values.size(); i++) {
                        double v = values.get(i).isTextual() ? Double.parseDouble(values.get(i).asText().replace("inf", "Infinity"))
                                : values.get(i).asDouble();
                        assertEquals(v, doubles[i], 0.0, ctx + " element " + i);
                        assertEquals((float) v, floats[i], 0.0f, ctx + " float element " + i);
                    }
                    break;
                }
                case 'i':
                case 'u':
                case 'b': {
                    long[] longs = a.toLongArray();
                    for (int i = 0; i < values.size(); i++) {
                        assertEquals(values.get(i).asLong(), longs[i], ctx + " element " + i);
                        assertEquals((double) values.get(i).asLong(), a.getDouble(i), 0.0, ctx + " element " + i);
                    }
                    if (a.dtype().kind() == 'b') {
                        assertEquals(values.get(0).asLong() != 0, a.get(0), ctx);
                    }
                    break;
                }
                default: {
                    String[] strings = a.toStringArray();
                    for (int i = 0; i < values.size(); i++) {
                        assertEquals(values.get(i).asText(), strings[i], ctx + " element " + i);
                    }
                }
            }
        }
        List<?> scalars = assertInstanceOf(List.class, root.get("scalars"), where);
        JsonNode expScalars = dtypes.get("scalars");
        assertEquals(expScalars.size(), scalars.size(), where);
        for (int i = 0; i < scalars.size(); i++) {
            Object s = scalars.get(i);
            double v = s instanceof Boolean ? ((Boolean) s ? 1 : 0) : ((Number) s).doubleValue();
            assertEquals(expScalars.get(i).asDouble(), v, 0.0, where + " scalar " + i);
        }
        assertInstanceOf(Long.class, scalars.get(2), where + ": int64 scalar type");
        assertInstanceOf(Boolean.class, scalars.get(4), where + ": bool scalar type");
        Map<?, ?> plain = assertInstanceOf(Map.class, root.get("plain"), where);
        assertEquals(5, ((Number) plain.get("int")).intValue(), where);
        assertEquals(0.5, (Double) plain.get("float"), 0.0, where);
        assertEquals("s", plain.get("str"), where);
        assertEquals(List.of(1, 2, 3), plain.get("list"), where);
        assertArrayEquals(new Object[]{1, "a"}, (Object[]) plain.get("tuple"), where);
        assertTrue(plain.containsKey("none"), where);
        assertNull(plain.get("none"), where);
        assertEquals(Map.of("z", 1, "a", 2), plain.get("ordered"), where);
        assertEquals(java.math.BigInteger.TWO.pow(70), plain.get("big"), where);
    }

    @Test
    void mappedArraysEqualHeapArrays() {
        for (String name : new String[]{"unaligned_p4_f64.pkl", "aligned_p5_f32.pkl", "unaligned_p5_f64.pkl"}) {
            Map<?, ?> heap = (Map<?, ?>) ((Map<?, ?>) NumpyUnpickler.read(dir.resolve(name), Long.MAX_VALUE)).get("train");
            Map<?, ?> mapped = (Map<?, ?>) ((Map<?, ?>) NumpyUnpickler.read(dir.resolve(name), 0)).get("train");
            for (String key : new String[]{"audio", "vision", "text_bert"}) {
                NumpyArray h = (NumpyArray) heap.get(key);
                NumpyArray m = (NumpyArray) mapped.get(key);
                assertFalse(h.isMemoryMapped(), name + " " + key);
                assertTrue(m.isMemoryMapped(), name + " " + key);
                assertEquals(h.dtype(), m.dtype(), name + " " + key);
                assertArrayEquals(h.shape(), m.shape(), name + " " + key);
                assertArrayEquals(h.toDoubleArray(), m.toDoubleArray(), name + " " + key);
            }
        }
    }

    @Test
    void fortranArraysReadInCOrder() {
        Map<?, ?> root = (Map<?, ?>) NumpyUnpickler.read(dir.resolve("dtypes_p4.pkl"));
        NumpyArray f = (NumpyArray) root.get("float64_fortran"); // arange(12).reshape(3, 4) / 8
        assertTrue(f.fortranOrder());
        assertEquals(6 / 8.0, f.getDouble(f.flatIndex(1, 2)), 0.0);
        assertArrayEquals(new float[]{4 / 8f, 5 / 8f, 6 / 8f, 7 / 8f}, f.toFloatArray(f.flatIndex(1), 4));
        NumpyArray i3 = (NumpyArray) root.get("int64_fortran_3d"); // arange(24).reshape(2, 3, 4)
        assertEquals(17, i3.getLong(i3.flatIndex(1, 1, 1)));
        assertArrayEquals(new long[]{20, 21, 22, 23}, i3.toLongArray(i3.flatIndex(1, 2), 4));
    }

    @Test
    void conversionErrorsNameTheElement() {
        Map<?, ?> root = (Map<?, ?>) NumpyUnpickler.read(dir.resolve("dtypes_p5.pkl"));
        NumpyArray f = (NumpyArray) root.get("float64");
        NumpyPickleException e = assertThrows(NumpyPickleException.class, () -> f.getLong(0));
        assertTrue(e.getMessage().contains("element 0 (0.1)") && e.getMessage().contains("not an integer"), e.getMessage());
        assertEquals(7, ((NumpyArray) root.get("float64")).getLong(3));
        NumpyArray s = (NumpyArray) root.get("object_str");
        e = assertThrows(NumpyPickleException.class, () -> s.getDouble(1));
        assertTrue(e.getMessage().contains("element 1") && e.getMessage().contains("naïve"), e.getMessage());
        NumpyArray ints = (NumpyArray) root.get("int32");
        e = assertThrows(NumpyPickleException.class, () -> ints.getString(0));
        assertTrue(e.getMessage().contains("int32"), e.getMessage());
    }

    @Test
    void unsupportedDtypeFailsWhenRead() {
        Map<?, ?> root = (Map<?, ?>) NumpyUnpickler.read(dir.resolve("bad_dtype.pkl"));
        NumpyArray v = (NumpyArray) ((Map<?, ?>) root.get("test")).get("vision");
        assertFalse(v.dtype().isSupported());
        assertEquals("complex64", v.dtype().name());
        NumpyPickleException e = assertThrows(NumpyPickleException.class, v::toFloatArray);
        assertTrue(e.getMessage().contains("unsupported numpy dtype complex64"), e.getMessage());
    }

    @Test
    void missingTruncatedAndForeignFilesGiveClearErrors(@TempDir Path tmp) throws IOException {
        Path missing = tmp.resolve("nothing-here.pkl");
        NumpyPickleException e = assertThrows(NumpyPickleException.class, () -> NumpyUnpickler.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"), e.getMessage());

        Path truncated = dir.resolve("truncated.pkl");
        for (long threshold : new long[]{0, Long.MAX_VALUE}) {
            e = assertThrows(NumpyPickleException.class, () -> NumpyUnpickler.read(truncated, threshold));
            assertTrue(e.getMessage().contains(truncated.toString()) && e.getMessage().contains("is truncated"), e.getMessage());
        }
        // every prefix of a small pickle is reported as truncated, never as something else
        byte[] whole = Files.readAllBytes(dir.resolve("dtypes_p5.pkl"));
        for (int n = 0; n < whole.length; n += 97) {
            byte[] prefix = Arrays.copyOf(whole, n);
            e = assertThrows(NumpyPickleException.class, () -> NumpyUnpickler.read(prefix), "prefix " + n);
            assertTrue(e.getMessage().contains("is truncated"), "prefix " + n + ": " + e.getMessage());
        }

        Path json = dir.resolve("fixtures.json");
        e = assertThrows(NumpyPickleException.class, () -> NumpyUnpickler.read(json));
        assertTrue(e.getMessage().contains(json.toString()) && e.getMessage().contains("not a valid pickle"), e.getMessage());

        Path foreign = tmp.resolve("foreign.pkl");
        Files.write(foreign, "\u0080\u0002cos\nsystem\n.".getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(NumpyPickleException.class, () -> NumpyUnpickler.read(foreign));
        assertTrue(e.getMessage().contains("os.system") && e.getMessage().contains(foreign.toString()), e.getMessage());

        byte[] outOfBand = {(byte) 0x80, 5, (byte) 0x97, '.'};
        e = assertThrows(NumpyPickleException.class, () -> NumpyUnpickler.read(outOfBand));
        assertTrue(e.getMessage().contains("out-of-band"), e.getMessage());
    }

    @Test
    void listsBecomeObjectArrays() {
        NumpyArray a = NumpyArray.fromObject(List.of(List.of(1, 2.5, 3L), List.of(4, 5, 6)));
        assertArrayEquals(new long[]{2, 3}, a.shape());
        assertEquals(2.5, a.getDouble(1), 0.0);
        assertEquals(6L, a.getLong(a.flatIndex(1, 2)));
        NumpyPickleException e = assertThrows(NumpyPickleException.class, () -> a.getLong(1));
        assertTrue(e.getMessage().contains("not an integer"), e.getMessage());
        e = assertThrows(NumpyPickleException.class, () -> NumpyArray.fromObject(List.of(List.of(1, 2), List.of(3))));
        assertTrue(e.getMessage().contains("ragged"), e.getMessage());
        assertEquals(0, NumpyArray.fromObject(7).ndim());
    }
}
