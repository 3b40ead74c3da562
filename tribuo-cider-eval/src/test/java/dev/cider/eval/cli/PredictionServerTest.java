package dev.cider.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cider.eval.utterance.PredictionServer;
import dev.cider.model.CiderModel;
import dev.cider.model.UtterancePredictor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP server of {@code cider serve}, started in-process on a free port with a tiny trained model: good requests,
 * every kind of bad request (answered with a 4xx and a JSON reason) and that it keeps serving afterwards.
 */
class PredictionServerTest {

    private static final int LIMIT = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static CiderModel model;
    static UtterancePredictor predictor;
    static PredictionServer server;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Path file = dir.resolve("m.tribuo");
        CliRun train = CliRun.of("train", "--synthetic", "mosi-unaligned", "--train-size", "40", "--valid-size", "16", "--test-size", "20",
                "--epochs", "1", "--output", file.toString());
        assertEquals(0, train.code(), train.err());
        model = CiderModel.load(file);
        predictor = new UtterancePredictor(model, null);
        server = PredictionServer.start(predictor, true, "127.0.0.1", 0, LIMIT, 2);
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
        predictor.close();
        model.close();
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri().resolve("predict")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status, String reason) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode json = JSON.readTree(r.body());
        assertTrue(json.get("error").asText().contains(reason), "expected '" + reason + "' in " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
    }

    @Test
    void healthDescribesTheModel() throws Exception {
        HttpResponse<String> r = get("health");
        assertEquals(200, r.statusCode());
        JsonNode json = JSON.readTree(r.body());
        assertEquals("ok", json.get("status").asText());
        assertEquals(model.getTask().classNames().size(), json.get("classes").size());
        assertEquals(model.getLayout().describe(), json.get("layout").asText());
    }

    @Test
    void predictsOneUtteranceAsTheLibraryDoes() throws Exception {
        HttpResponse<String> r = post("{\"id\": \"u1\", \"text\": \"what a wonderful film\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode json = JSON.readTree(r.body());
        assertEquals("u1", json.get("id").asText());
        assertEquals("[\"audio\",\"vision\"]", json.get("missing").toString());
        var expected = predictor.predict(List.of(dev.cider.model.Utterance.textOnly("u1", "what a wonderful film")), true).get(0);
        assertEquals(expected.label(), json.get("label").asText());
        for (String c : model.getTask().classNames()) {
            assertEquals(expected.probabilities().get(c), json.get("probabilities").get(c).asDouble(), 1e-12);
        }
    }

    @Test
    void predictsAnArrayInOrder() throws Exception {
        HttpResponse<String> r = post("[{\"text\": \"awful\"}, {\"id\": 5, \"text\": \"great\", \"audio\": [[1,2,3,4,5],[0,1,0,1,0]]}]");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode json = JSON.readTree(r.body());
        assertEquals(2, json.size());
        assertEquals("utterance-1", json.get(0).get("id").asText());
        assertEquals("5", json.get(1).get("id").asText());
        assertEquals("[\"vision\"]", json.get(1).get("missing").toString());
    }

    @Test
    void badRequestsGetAReasonAndTheServerKeepsServing() throws Exception {
        assertError(post("{\"text\": \"fine\""), 400, "malformed JSON");
        assertError(post(""), 400, "empty request body");
        assertError(post("[]"), 400, "empty array");
        assertError(post("\"just a string\""), 400, "expected a JSON object");
        assertError(post("{\"text\": \"\"}"), 400, "the text is empty");
        assertError(post("{\"id\": \"x\"}"), 400, "utterance 'x' has no \"text\"");
        assertError(post("{\"text\": \"fine\", \"audio\": [[1, 2]]}"), 400, "audio frames have 2 features each");
        assertError(post("{\"text\": \"fine\", \"audio\": [[1, 2, \"NaN\", 4, 5]]}"), 400, "frame 0 value 2 is string \"NaN\", not a number");
        assertError(post("{\"text\": \"fine\", \"audio\": [[1, 2, 1e300, 4, 5]]}"), 400, "audio frame 0, feature 2 is Infinity");
        assertError(post("[{\"text\": \"fine\"}, {\"text\": \"fine\", \"vison\": []}]"), 400, "element 1: unknown field \"vison\"");
        assertError(post("{\"text\": \"" + "x".repeat(LIMIT) + "\"}"), 413, "larger than the limit of " + LIMIT + " bytes");
        assertError(get("predict"), 405, "/predict takes POST");
        assertError(get("nothing"), 404, "no endpoint /nothing");
        HttpResponse<String> after = post("{\"text\": \"still there\"}");
        assertEquals(200, after.statusCode(), after.body());
        assertEquals(200, get("health").statusCode());
    }

    @Test
    void concurrentRequestsAllGetTheirOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String body = "{\"id\": \"c" + i + "\", \"text\": \"" + (i % 2 == 0 ? "a great film" : "a dull film") + "\"}";
                answers.add(pool.submit((Callable<HttpResponse<String>>) () -> post(body)));
            }
            for (int i = 0; i < answers.size(); i++) {
                HttpResponse<String> r = answers.get(i).get();
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("c" + i, JSON.readTree(r.body()).get("id").asText());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void serveCommandRefusesBadOptions() {
        CliRun port = CliRun.of("serve", "--model", dir.resolve("m.tribuo").toString(), "--port", "70000");
        assertEquals(1, port.code());
        assertTrue(port.err().contains("--port must be in [0, 65535], not 70000"), port.err());
        CliRun limit = CliRun.of("serve", "--model", dir.resolve("m.tribuo").toString(), "--max-body-bytes", "0");
        assertEquals(1, limit.code());
        assertTrue(limit.err().contains("--max-body-bytes must be at least 1"), limit.err());
        CliRun none = CliRun.of("serve", "--port", "0");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("--model FILE is required"), none.err());
    }

    @Test
    void serverUriIsTheBoundPort() {
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/"), server.uri());
    }
}
