package io.github.djlgan.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.github.djlgan.api.InvalidInputException;
import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.api.data.ClassNames;
import io.github.djlgan.djl.io.ImageGrid;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

/**
 * Serves a generator over HTTP with the JDK's own server ({@code com.sun.net.httpserver}, part of
 * every JDK since 6 and maintained with it: no dependency, and enough for a few endpoints).
 *
 * <ul>
 *   <li>{@code GET /sample.png?seed=S&count=N&label=L}: a grid of N (1 to {@value #MAX_COUNT},
 *       default 16) images, image i drawn from seed S + i (default S = 0); L (a conditional run's
 *       class: its name or its label number, see {@link ClassNames#label(String)}) defaults to
 *       image i's class i mod classes.
 *   <li>{@code GET /interpolate.png?from=S1&to=S2&steps=K&label=L}: one row of K (2 to {@value
 *       #MAX_STEPS}, default 8) images on the straight line between the z of seeds S1 and S2, as
 *       {@code gan interpolate} and the paper's Figure 3 (Goodfellow et al. 2014); L defaults to 0.
 *   <li>{@code GET /info}: JSON: run, architecture, dataset, image size, channels, latent size,
 *       class names, engine, the limits and the grid's padding.
 *   <li>{@code GET /}: a page to draw samples, pick a class and walk between two samples.
 * </ul>
 *
 * <p>Every parameter is checked (unknown names too): a bad request gets 400 and one line. At most
 * {@code workers} requests run at once; a bounded queue holds the next ones, and beyond it the
 * accepting thread runs the request itself, which slows accepting down instead of queueing without
 * bound. One request's memory is bounded by the count cap.
 */
final class GeneratorServer implements AutoCloseable {

    /** The most images one /sample.png request may ask for. */
    static final int MAX_COUNT = 64;

    /** The most images one /interpolate.png request may ask for. */
    static final int MAX_STEPS = 32;

    private static final Logger LOGGER = LogManager.getLogger(GeneratorServer.class);

    private final ServedGenerator generator;
    private final ClassNames classes;
    private final HttpServer server;
    private final ThreadPoolExecutor workers;

    private GeneratorServer(
            ServedGenerator generator, ClassNames classes, HttpServer server,
            ThreadPoolExecutor workers) {
        this.generator = generator;
        this.classes = classes;
        this.server = server;
        this.workers = workers;
    }

    /**
     * Starts serving.
     *
     * @param generator the generator; closed by {@link #close}
     * @param classes its classes (none when unconditional)
     * @param host the address to bind, such as 127.0.0.1
     * @param port the port, 0 for any free one
     * @param threads how many requests run at once
     * @return the running server
     * @throws InvalidInputException if the address cannot be bound
     */
    static GeneratorServer start(
            ServedGenerator generator, ClassNames classes, String host, int port, int threads) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            throw new InvalidInputException("Cannot listen on " + host + ":" + port + ": " + e);
        }
        ThreadPoolExecutor workers =
                new ThreadPoolExecutor(
                        threads, threads, 0, TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(threads * 8),
                        new ThreadPoolExecutor.CallerRunsPolicy());
        GeneratorServer served = new GeneratorServer(generator, classes, server, workers);
        server.setExecutor(workers);
        server.createContext("/", served::handle);
        server.start();
        return served;
    }

    /**
     * Returns the address the server listens on.
     *
     * @return {@code http://host:port/}
     */
    URI address() {
        InetSocketAddress bound = server.getAddress();
        return URI.create(
                "http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", line("only GET is served"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (path) {
                case "/" -> {
                    allow(query, Set.of());
                    send(exchange, 200, "text/html; charset=utf-8", page());
                }
                case "/info" -> {
                    allow(query, Set.of());
                    send(exchange, 200, "application/json", info());
                }
                case "/sample.png" -> send(exchange, 200, "image/png", sample(query));
                case "/interpolate.png" -> send(exchange, 200, "image/png", interpolate(query));
                default -> send(exchange, 404, "text/plain", line("no such page: " + path));
            }
        } catch (InvalidInputException e) {
            send(exchange, 400, "text/plain", line(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "text/plain", line("the server is stopping"));
        } catch (IOException | RuntimeException e) {
            LOGGER.error("request {} failed", exchange.getRequestURI(), e);
            send(exchange, 500, "text/plain", line("internal error: " + e.getMessage()));
        } finally {
            exchange.close();
        }
    }

    private byte[] sample(Map<String, String> query) throws IOException, InterruptedException {
        allow(query, Set.of("seed", "count", "label"));
        long seed = longParameter(query, "seed", 0L);
        int count = intParameter(query, "count", 16, 1, MAX_COUNT);
        Integer label = label(query);
        float[][] latents = new float[count][];
        int[] labels = classes.size() == 0 ? null : new int[count];
        for (int i = 0; i < count; i++) {
            latents[i] = generator.latent(seed + i);
            if (labels != null) {
                labels[i] = label != null ? label : i % classes.size();
            }
        }
        return png(generator.generate(latents, labels), (int) Math.ceil(Math.sqrt(count)));
    }

    private byte[] interpolate(Map<String, String> query) throws IOException, InterruptedException {
        allow(query, Set.of("from", "to", "steps", "label"));
        float[] from = generator.latent(longParameter(query, "from", null));
        float[] to = generator.latent(longParameter(query, "to", null));
        int steps = intParameter(query, "steps", 8, 2, MAX_STEPS);
        Integer label = label(query);
        float[][] latents = new float[steps][];
        int[] labels = classes.size() == 0 ? null : new int[steps];
        for (int i = 0; i < steps; i++) {
            float a = i / (float) (steps - 1);
            latents[i] = new float[from.length];
            for (int j = 0; j < from.length; j++) {
                latents[i][j] = (1 - a) * from[j] + a * to[j];
            }
            if (labels != null) {
                labels[i] = label != null ? label : 0;
            }
        }
        return png(generator.generate(latents, labels), steps);
    }

    private Integer label(Map<String, String> query) {
        if (!query.containsKey("label")) {
            return null;
        }
        if (classes.size() == 0) {
            throw new InvalidInputException("label: this generator is not conditional");
        }
        try {
            return classes.label(query.get("label"));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("label " + e.getMessage(), e);
        }
    }

    private byte[] png(float[][] images, int cells) throws IOException {
        TrainingConfig config = generator.config();
        int values = images[0].length;
        float[] flat = new float[images.length * values];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, flat, i * values, values);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(
                ImageGrid.render(
                        config.model().architecture().pixelRange(), flat, images.length,
                        config.data().channels(), config.data().imageSize(), cells),
                "png",
                out);
        return out.toByteArray();
    }

    private byte[] info() {
        TrainingConfig config = generator.config();
        JsonObject json = new JsonObject();
        json.addProperty("run", generator.run().toAbsolutePath().normalize().toString());
        json.addProperty("architecture", config.model().architecture().id());
        json.addProperty("dataset", config.data().dataset());
        json.addProperty("imageSize", config.data().imageSize());
        json.addProperty("channels", config.data().channels());
        json.addProperty("latentDim", config.model().latentDim());
        json.addProperty("noise", config.model().noise().toString());
        json.add("classes", new Gson().toJsonTree(classes.names()));
        json.addProperty("engine", generator.engine());
        json.addProperty("maxCount", MAX_COUNT);
        json.addProperty("maxSteps", MAX_STEPS);
        json.addProperty("padding", ImageGrid.PADDING);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] page() throws IOException {
        try (InputStream in = GeneratorServer.class.getResourceAsStream("serve.html")) {
            if (in == null) {
                throw new IOException("the page serve.html is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals),
                        StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("malformed query: " + e.getMessage());
            }
            if (query.put(name, value) != null) {
                throw new InvalidInputException(name + " is given twice");
            }
        }
        return query;
    }

    private static void allow(Map<String, String> query, Set<String> names) {
        for (String name : query.keySet()) {
            if (!names.contains(name)) {
                throw new InvalidInputException(
                        "unknown parameter '" + name + "'" + (names.isEmpty() ? "" : "; known: "
                                + names.stream().sorted().toList()));
            }
        }
    }

    private static long longParameter(Map<String, String> query, String name, Long fallback) {
        String text = query.get(name);
        if (text == null) {
            if (fallback == null) {
                throw new InvalidInputException(name + " is required");
            }
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be an integer, got '" + text + "'");
        }
    }

    private static int intParameter(
            Map<String, String> query, String name, int fallback, int min, int max) {
        long value = longParameter(query, name, (long) fallback);
        if (value < min || value > max) {
            throw new InvalidInputException(
                    name + " must be from " + min + " to " + max + ", got " + value);
        }
        return (int) value;
    }

    private static byte[] line(String message) {
        String single = message.replaceAll("[\\r\\n]+", " ");
        return (single + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops accepting, lets running requests finish (up to 2 s), and closes the generator. */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        generator.close();
    }
}
