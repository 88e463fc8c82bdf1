package io.github.djlgan.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.djlgan.djl.io.ImageGrid;

import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * {@code gan serve} on a small conditional DCGAN run, served from its ONNX export and from the
 * training engine: every endpoint, every kind of bad parameter, concurrent clients, and a bounded
 * load test on loopback ({@code -Dgan.serve.load=N} requests, 400 by default).
 */
public class GeneratorServerTest {

    private static final int CLIENTS = 16;

    private final HttpClient client = HttpClient.newHttpClient();
    private Path root;
    private Path run;
    private GeneratorServer onnx;
    private GeneratorServer mxnet;

    @BeforeClass
    public void serve() throws IOException {
        root = Files.createTempDirectory("cli-serve");
        run = TinyRuns.conditionalDcgan(root, 4);
        assertEquals(CliResult.run("export", "--run", run.toString()).code(), 0);
        PrintWriter err = new PrintWriter(new StringWriter());
        onnx = ServeCommand.start(run, "onnxruntime", "latest", "127.0.0.1", 0, 4, err);
        mxnet = ServeCommand.start(run, null, "latest", "127.0.0.1", 0, 4, err);
    }

    @AfterClass(alwaysRun = true)
    public void stop() throws IOException {
        if (onnx != null) {
            onnx.close();
        }
        if (mxnet != null) {
            mxnet.close();
        }
        TinyRuns.deleteTree(root);
    }

    private HttpResponse<byte[]> get(GeneratorServer server, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(server.address().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    public void infoDescribesTheGenerator() throws Exception {
        HttpResponse<byte[]> answer = get(onnx, "info");
        assertEquals(answer.statusCode(), 200);
        JsonObject info = JsonParser.parseString(new String(answer.body())).getAsJsonObject();
        assertEquals(info.get("architecture").getAsString(), "dcgan");
        assertEquals(info.get("imageSize").getAsInt(), 28);
        assertEquals(info.get("engine").getAsString(), "OnnxRuntime");
        assertEquals(info.getAsJsonArray("classes").size(), 10);
        assertEquals(info.getAsJsonArray("classes").get(0).getAsString(), "T-shirt/top");
        JsonObject other = JsonParser.parseString(new String(get(mxnet, "info").body()))
                .getAsJsonObject();
        assertEquals(other.get("engine").getAsString(), "MXNet");
        assertEquals(onnx.address().getHost(), "127.0.0.1");
    }

    /** Both engines draw the same grid for the same seeds and class, to one grey level. */
    @Test
    public void sampleGridIsTheSameOnBothEngines() throws Exception {
        String path = "sample.png?seed=5&count=4&label=2";
        BufferedImage a = png(get(onnx, path));
        BufferedImage b = png(get(mxnet, path));
        assertEquals(a.getWidth(), ImageGrid.side(2, 28));
        assertEquals(a.getHeight(), ImageGrid.side(2, 28));
        assertClose(a, b);
        BufferedImage other = png(get(onnx, "sample.png?seed=6&count=4&label=2"));
        assertTrue(!Arrays.equals(pixels(a), pixels(other)), "another seed, another grid");
    }

    /** A class asked for by name draws the grid its label number draws. */
    @Test
    public void aClassNameDrawsWhatItsNumberDraws() throws Exception {
        for (GeneratorServer server : List.of(onnx, mxnet)) {
            byte[] byNumber = get(server, "sample.png?seed=5&count=4&label=9").body();
            assertEquals(get(server, "sample.png?seed=5&count=4&label=Ankle%20boot").body(),
                    byNumber);
            assertEquals(get(server, "interpolate.png?from=1&to=2&label=Pullover").body(),
                    get(server, "interpolate.png?from=1&to=2&label=2").body());
        }
    }

    @Test
    public void interpolationIsOneRow() throws Exception {
        String path = "interpolate.png?from=1&to=2&steps=5&label=7";
        BufferedImage a = png(get(onnx, path));
        assertEquals(a.getWidth(), ImageGrid.side(5, 28));
        assertEquals(a.getHeight(), ImageGrid.side(1, 28));
        assertClose(a, png(get(mxnet, path)));
    }

    @Test
    public void pageLoadsTheEndpoints() throws Exception {
        HttpResponse<byte[]> page = get(onnx, "");
        assertEquals(page.statusCode(), 200);
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = new String(page.body());
        assertTrue(html.contains("/sample.png") && html.contains("/interpolate.png")
                && html.contains("/info"), html);
    }

    @DataProvider
    public Object[][] badRequests() {
        return new Object[][] {
            {"sample.png?seed=abc", 400, "seed must be an integer"},
            {"sample.png?count=0", 400, "count must be from 1 to 64"},
            {"sample.png?count=65", 400, "count must be from 1 to 64"},
            {"sample.png?count=1e9", 400, "count must be an integer"},
            {"sample.png?label=10", 400, "label \"10\" is not a class; the classes are 0"
                    + " \"T-shirt/top\", 1 \"Trouser\""},
            {"sample.png?label=-1", 400, "label \"-1\" is not a class"},
            {"sample.png?label=", 400, "label \"\" is not a class"},
            {"sample.png?label=Sandals", 400, "label \"Sandals\" is not a class"},
            {"sample.png?seed=1&seed=2", 400, "seed is given twice"},
            {"sample.png?colour=red", 400, "unknown parameter 'colour'"},
            {"interpolate.png?to=2", 400, "from is required"},
            {"interpolate.png?from=1&to=2&steps=1", 400, "steps must be from 2 to 32"},
            {"interpolate.png?from=1&to=2&steps=33", 400, "steps must be from 2 to 32"},
            {"info?verbose=1", 400, "unknown parameter 'verbose'"},
            {"nothing-here", 404, "no such page"},
        };
    }

    /** A bad request: its status and one line naming the fault, on both servers. */
    @Test(dataProvider = "badRequests")
    public void badRequestGetsOneLine(String path, int status, String reason) throws Exception {
        for (GeneratorServer server : List.of(onnx, mxnet)) {
            HttpResponse<byte[]> answer = get(server, path);
            assertEquals(answer.statusCode(), status, path);
            String body = new String(answer.body());
            assertEquals(body.strip().lines().count(), 1L, body);
            assertTrue(body.contains(reason), body);
        }
    }

    @Test
    public void onlyGetIsServed() throws Exception {
        HttpResponse<byte[]> answer =
                client.send(
                        HttpRequest.newBuilder(onnx.address().resolve("sample.png"))
                                .POST(HttpRequest.BodyPublishers.ofString("x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(answer.statusCode(), 405);
    }

    /**
     * Concurrent clients get the answers a lone client gets; then a bounded load test: every
     * request answered 200, latency percentiles printed, resident memory flat after warm-up.
     */
    @Test
    public void concurrentClientsGetTheirOwnAnswers() throws Exception {
        int seeds = 32;
        List<byte[]> alone = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            alone.add(get(onnx, "sample.png?count=2&seed=" + seed).body());
        }
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Boolean>> same = new ArrayList<>();
            for (int i = 0; i < 4 * seeds; i++) {
                int seed = i % seeds;
                same.add(clients.submit(() -> Arrays.equals(
                        get(onnx, "sample.png?count=2&seed=" + seed).body(), alone.get(seed))));
            }
            for (Future<Boolean> answer : same) {
                assertTrue(answer.get(), "a concurrent answer differs from the lone one");
            }

            int requests = Integer.getInteger("gan.serve.load", 400);
            // A quarter warms up (allocator pools grow to their working size); then the resident
            // memory outside the JVM's own pools (native tensors, sessions, buffers: what a leak
            // of engine memory would grow) must stay flat over the last half. The heap, metaspace
            // and code cache are left out: their committed size follows the collector and the
            // JIT, and other tests share this JVM.
            load(clients, requests / 4);
            long[] first = load(clients, requests / 4);
            long warm = residentOutsideHeap();
            long[] second = load(clients, requests - requests / 2);
            long grown = residentOutsideHeap() - warm;
            long[] latencies = new long[first.length + second.length];
            System.arraycopy(first, 0, latencies, 0, first.length);
            System.arraycopy(second, 0, latencies, first.length, second.length);
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT,
                    "gan serve load: %d requests, %d clients, latency ms (after a warm-up"
                            + " quarter) p50 %.1f p90 %.1f p99 %.1f max %.1f, resident memory"
                            + " outside the JVM's pools %+.1f MB over the last half%n",
                    requests, CLIENTS, percentile(latencies, 0.5), percentile(latencies, 0.9),
                    percentile(latencies, 0.99), latencies[latencies.length - 1] / 1e6,
                    grown / 1e6);
            assertTrue(grown < 32_000_000, "resident memory grew " + grown / 1e6 + " MB");
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * A real browser: headless Chromium loads the page, whose script asks /info, fills the class
     * picker and loads a grid from /sample.png; the DOM after the scripts ran must show the grid
     * decoded at its full width. A screenshot is taken too ({@code -Dgan.serve.screenshot=FILE}
     * keeps it). Skipped where Chromium is missing, except in CI ({@code .ci/run} installs it).
     */
    @Test
    public void pageShowsAGeneratedImageInChromium() throws Exception {
        String browser = Stream.of("chromium", "chromium-browser", "google-chrome")
                .filter(name -> Stream.of(System.getenv("PATH").split(":"))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, name))))
                .findFirst().orElse(null);
        if (browser == null) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI must have Chromium for the browser check");
            }
            throw new org.testng.SkipException("no Chromium on the PATH (apt-get install chromium)");
        }
        List<String> common = List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--virtual-time-budget=20000",
                "--user-data-dir=" + root.resolve("chromium-profile"));
        String page = onnx.address().toString();
        List<String> dump = new ArrayList<>(common);
        dump.addAll(List.of("--dump-dom", page));
        String dom = runBrowser(dump);
        java.util.regex.Matcher loaded =
                java.util.regex.Pattern.compile("id=\"grid\"[^>]*data-loaded=\"(\\d+)\"|"
                        + "data-loaded=\"(\\d+)\"[^>]*id=\"grid\"").matcher(dom);
        assertTrue(loaded.find(), dom);
        String width = loaded.group(1) != null ? loaded.group(1) : loaded.group(2);
        assertEquals(Integer.parseInt(width), ImageGrid.side(4, 28), dom);
        assertTrue(dom.contains(">T-shirt/top</option>"), dom);
        assertTrue(dom.contains("engine OnnxRuntime"), dom);

        Path shot = Path.of(System.getProperty("gan.serve.screenshot",
                root.resolve("page.png").toString()));
        List<String> screenshot = new ArrayList<>(common);
        screenshot.addAll(List.of("--window-size=900,1000", "--screenshot=" + shot, page));
        runBrowser(screenshot);
        BufferedImage picture = ImageIO.read(shot.toFile());
        assertEquals(picture.getWidth(), 900);
    }

    private String runBrowser(List<String> command) throws Exception {
        Path output = Files.createTempFile(root, "chromium", ".out");
        Process browser = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(browser.waitFor(120, java.util.concurrent.TimeUnit.SECONDS),
                    "Chromium did not finish");
            assertEquals(browser.exitValue(), 0, "Chromium failed");
            return Files.readString(output);
        } finally {
            browser.destroyForcibly().waitFor();
        }
    }

    /** Ctrl-C (SIGINT) stops a served CLI process cleanly: it exits, no stack trace. */
    @Test
    public void ctrlCStopsTheServer() throws Exception {
        Path log = root.resolve("serve.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument :
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-D") || argument.startsWith("-Xmx")) {
                command.add(argument);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                GanCli.class.getName(), "serve", "--run", run.toString(), "--engine",
                "onnxruntime", "--port", "0"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            URI address = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (address == null && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(200);
                java.util.regex.Matcher serving = java.util.regex.Pattern
                        .compile("serving .* at (http://\\S+)").matcher(Files.readString(log));
                address = serving.find() ? URI.create(serving.group(1)) : null;
            }
            assertTrue(address != null, Files.readString(log));
            HttpResponse<byte[]> info = client.send(
                    HttpRequest.newBuilder(address.resolve("info")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(info.statusCode(), 200);
            assertEquals(address.getHost(), "127.0.0.1");
            ChildGan.interrupt(child);
            // 60 s: under a load average of 5 the JVM's shutdown took longer than 20.
            assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "still serving");
            assertEquals(child.exitValue(), 130);
            String output = Files.readString(log);
            assertTrue(!output.contains("Exception") && !output.contains("\tat "), output);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** Sends requests from all clients; every one must succeed. */
    private long[] load(ExecutorService clients, int requests) throws Exception {
        List<Future<Long>> timed = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String path = i % 2 == 0 ? "sample.png?count=4&seed=" + i
                    : "interpolate.png?steps=4&from=" + i + "&to=" + (i + 1);
            timed.add(clients.submit(() -> {
                long start = System.nanoTime();
                HttpResponse<byte[]> answer = get(onnx, path);
                assertEquals(answer.statusCode(), 200, new String(answer.body()));
                return System.nanoTime() - start;
            }));
        }
        long[] latencies = new long[requests];
        for (int i = 0; i < requests; i++) {
            latencies[i] = timed.get(i).get();
        }
        return latencies;
    }

    private static double percentile(long[] sorted, double share) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(share * sorted.length))] / 1e6;
    }

    private static long residentOutsideHeap() throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(200);
        java.lang.management.MemoryMXBean jvm =
                java.lang.management.ManagementFactory.getMemoryMXBean();
        return residentBytes()
                - jvm.getHeapMemoryUsage().getCommitted()
                - jvm.getNonHeapMemoryUsage().getCommitted();
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    private static BufferedImage png(HttpResponse<byte[]> answer) throws IOException {
        assertEquals(answer.statusCode(), 200, new String(answer.body()));
        assertEquals(answer.headers().firstValue("Content-Type").orElse(""), "image/png");
        return ImageIO.read(new ByteArrayInputStream(answer.body()));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static void assertClose(BufferedImage a, BufferedImage b) {
        int[] x = pixels(a);
        int[] y = pixels(b);
        assertEquals(x.length, y.length);
        for (int i = 0; i < x.length; i++) {
            for (int shift = 0; shift < 24; shift += 8) {
                int p = (x[i] >> shift) & 0xff;
                int q = (y[i] >> shift) & 0xff;
                assertTrue(Math.abs(p - q) <= 1, "pixel " + i + ": " + p + " vs " + q);
            }
        }
    }
}
