package dev.cider.eval.utterance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cider.model.CiderModel;
import dev.cider.model.Utterance;
import dev.cider.model.UtterancePrediction;
import dev.cider.model.UtterancePredictor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP endpoint of {@code cider serve}, on the JDK's {@link HttpServer}:
 * <ul>
 *     <li>{@code POST /predict} with one {@link UtteranceJson utterance object} answers one prediction object; with a
 *     JSON array of them, an array of predictions in the same order (utterances without an id get
 *     {@code utterance-N}, counted from 1);</li>
 *     <li>{@code GET /health} answers {@code {"status": "ok", "model": ..., "task": ..., "classes": [...],
 *     "layout": ...}}.</li>
 * </ul>
 * A request that cannot be answered gets a 4xx status with {@code {"error": "..."}} naming the reason: 400 for
 * malformed JSON or an utterance the model cannot take (the element of an array is named), 404 for another path,
 * 405 for another method, 413 for a body larger than the limit. The server keeps serving after any of them.
 * Predictions run on a small thread pool; the model serialises them internally.
 */
public final class PredictionServer implements AutoCloseable {

    private static final Logger logger = Logger.getLogger(PredictionServer.class.getName());

    /** The default limit of a request body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /** How much of an oversized body is read and discarded before answering 413, as a multiple of the limit. */
    private static final int DRAIN_FACTOR = 16;

    private final HttpServer server;
    private final ExecutorService executor;
    private final UtterancePredictor predictor;
    private final boolean debiased;
    private final int maxBodyBytes;

    private PredictionServer(HttpServer server, ExecutorService executor, UtterancePredictor predictor, boolean debiased, int maxBodyBytes) {
        this.server = server;
        this.executor = executor;
        this.predictor = predictor;
        this.debiased = debiased;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Starts a server.
     * @param predictor The predictor (the caller keeps ownership; close it after the server).
     * @param debiased Whether predictions apply MACI's counterfactual debiasing.
     * @param host The address to bind, e.g. {@code 127.0.0.1}.
     * @param port The port, 0 for a free one.
     * @param maxBodyBytes The largest request body accepted, at least 1.
     * @param threads The request threads, at least 1.
     * @return The running server.
     * @throws IOException if the address cannot be bound.
     * @throws IllegalArgumentException if a limit is not positive or the port is out of range.
     */
    public static PredictionServer start(UtterancePredictor predictor, boolean debiased, String host, int port, int maxBodyBytes, int threads)
            throws IOException {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("The body limit must be at least 1 byte, not " + maxBodyBytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("The server needs at least 1 thread, not " + threads);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is outside [0, 65535]");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cider-serve-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        PredictionServer s = new PredictionServer(http, executor, predictor, debiased, maxBodyBytes);
        http.createContext("/", s::handle);
        http.setExecutor(executor);
        http.start();
        return s;
    }

    /** @return The base address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** @return The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/predict")) {
                if (!method.equals("POST")) {
                    exchange.getResponseHeaders().set("Allow", "POST");
                    send(exchange, 405, UtteranceJson.error("/predict takes POST with a JSON utterance or an array of them, not " + method));
                    return;
                }
                predict(exchange);
            } else if (path.equals("/health")) {
                if (!method.equals("GET")) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    send(exchange, 405, UtteranceJson.error("/health takes GET, not " + method));
                    return;
                }
                send(exchange, 200, health().toString());
            } else {
                send(exchange, 404, UtteranceJson.error("no endpoint " + path + "; use POST /predict or GET /health"));
            }
        } catch (RuntimeException e) {
            logger.log(Level.WARNING, "Request " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
            if (exchange.getResponseCode() == -1) {
                send(exchange, 500, UtteranceJson.error("internal error: " + e));
            }
        } finally {
            exchange.close();
        }
    }

    private void predict(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange);
        if (body == null) {
            send(exchange, 413, UtteranceJson.error("the request body is larger than the limit of " + maxBodyBytes + " bytes"));
            return;
        }
        String answer;
        try {
            answer = answer(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, UtteranceJson.error(e.getMessage()));
            return;
        }
        send(exchange, 200, answer);
    }

    /** The prediction JSON of a request body; IllegalArgumentException for a bad request. */
    private String answer(String body) {
        if (body.isBlank()) {
            throw new IllegalArgumentException("empty request body: send a JSON utterance object or an array of them");
        }
        JsonNode root = UtteranceJson.readTree(body);
        if (root.isArray()) {
            if (root.isEmpty()) {
                throw new IllegalArgumentException("empty array: send at least one utterance");
            }
            List<Utterance> utterances = new ArrayList<>(root.size());
            for (int i = 0; i < root.size(); i++) {
                try {
                    Utterance u = UtteranceJson.fromJson(root.get(i), "utterance-" + (i + 1));
                    predictor.encoder().check(u);
                    utterances.add(u);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("element " + i + ": " + e.getMessage(), e);
                }
            }
            ArrayNode out = UtteranceJson.MAPPER.createArrayNode();
            for (UtterancePrediction p : predictor.predict(utterances, debiased)) {
                out.add(UtteranceJson.toJson(p));
            }
            return out.toString();
        }
        Utterance u = UtteranceJson.fromJson(root, "utterance-1");
        return UtteranceJson.toJson(predictor.predict(List.of(u), debiased).get(0)).toString();
    }

    /** The body, or null if it exceeds the limit (after discarding a bounded amount of the rest). */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        InputStream in = exchange.getRequestBody();
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBodyBytes) {
                    discard(in);
                    return null;
                }
            } catch (NumberFormatException e) {
                // The server itself rejects a malformed Content-Length; read the body as it comes.
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (body.size() + n > maxBodyBytes) {
                discard(in);
                return null;
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    // Reads and drops the rest of an oversized body (up to DRAIN_FACTOR times the limit), so that the client, which may
    // still be sending, receives the 413 instead of a reset connection.
    private void discard(InputStream in) throws IOException {
        long budget = (long) maxBodyBytes * DRAIN_FACTOR;
        byte[] buffer = new byte[8192];
        int n;
        while (budget > 0 && (n = in.read(buffer)) >= 0) {
            budget -= n;
        }
    }

    private ObjectNode health() {
        CiderModel model = predictor.model();
        ObjectNode o = UtteranceJson.MAPPER.createObjectNode();
        o.put("status", "ok");
        o.put("model", model.getName());
        o.put("task", model.getTask().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode classes = o.putArray("classes");
        model.getTask().classNames().forEach(classes::add);
        o.put("layout", model.getLayout().describe());
        o.put("debiased", debiased);
        o.put("maxBodyBytes", maxBodyBytes);
        return o;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Stops accepting requests, lets running ones finish (up to a second) and stops the threads.
     */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
