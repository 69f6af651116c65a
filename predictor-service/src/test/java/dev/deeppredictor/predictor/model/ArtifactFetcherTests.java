package dev.deeppredictor.predictor.model;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelCatalog;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.predictor.inference.ImageDecoder;
import dev.deeppredictor.predictor.inference.ImagePreprocessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Artifacts from an http URL: a real JDK HTTP server on 127.0.0.1 serves the Fashion-MNIST model.
 */
class ArtifactFetcherTests {

    static final String TEST_IMAGE = "infra/test-support/src/main/resources/fixtures/fashion/test-00000.png";

    @TempDir
    Path work;

    private HttpServer server;

    private final AtomicInteger modelRequests = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        byte[] model = Files.readAllBytes(repo().resolve("config/artifacts/fashion/fashion-cnn.pt"));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", (exchange) -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/models/fashion-cnn.pt")) {
                this.modelRequests.incrementAndGet();
                exchange.sendResponseHeaders(200, model.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(model);
                }
            }
            else if (path.equals("/moved/fashion-cnn.pt")) {
                exchange.getResponseHeaders().add("Location", "/models/fashion-cnn.pt");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            }
            else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        });
        this.server.start();
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void downloadsOnceAndPredicts() throws Exception {
        ModelDefinition definition = fashionDefinition(this.work, "http-fashion", url("/models/fashion-cnn.pt"));
        ModelLoader loader = new ModelLoader(new ArtifactFetcher(this.work.resolve("cache"), null));
        try (LoadedModel model = loader.load(definition)) {
            assertThat(predict(definition, model).className()).isEqualTo("Ankle boot");
        }
        assertThat(this.modelRequests).hasValue(1);
        assertThat(names(this.work.resolve("cache"))).singleElement()
            .satisfies((name) -> assertThat(name).endsWith("-fashion-cnn.pt"));

        try (LoadedModel again = loader.load(definition)) {
            assertThat(predict(definition, again).className()).isEqualTo("Ankle boot");
        }
        assertThat(this.modelRequests).as("second load reads the cache").hasValue(1);
    }

    @Test
    void followsRedirects() throws Exception {
        ModelDefinition definition = fashionDefinition(this.work, "moved-fashion", url("/moved/fashion-cnn.pt"));
        Path local = new ArtifactFetcher(this.work.resolve("cache"), null).fetch(definition);
        assertThat(local.getFileName().toString()).endsWith("-fashion-cnn.pt");
        assertThat(Files.size(local)).isEqualTo(Files.size(repo().resolve("config/artifacts/fashion/fashion-cnn.pt")));
    }

    @Test
    void aMissingUrlFailsWithItsStatus() throws Exception {
        String missing = url("/models/nothing.pt");
        ModelDefinition definition = fashionDefinition(this.work, "missing-fashion", missing);
        ModelLoader loader = new ModelLoader(new ArtifactFetcher(this.work.resolve("cache"), null));
        assertThatExceptionOfType(ModelLoadException.class).isThrownBy(() -> loader.load(definition))
            .withMessageContaining("missing-fashion")
            .withMessageContaining(missing)
            .withMessageContaining("404");
        assertThat(names(this.work.resolve("cache"))).as("no partial download left behind").isEmpty();
    }

    @Test
    void s3NeedsTheObjectStore() throws Exception {
        ModelDefinition definition = fashionDefinition(this.work, "s3-fashion", "s3://deep-predictor/models/x.pt");
        assertThatExceptionOfType(ModelLoadException.class)
            .isThrownBy(() -> new ArtifactFetcher(this.work.resolve("cache"), null).fetch(definition))
            .withMessageContaining("s3-fashion")
            .withMessageContaining("s3://deep-predictor/models/x.pt");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
    }

    static Path repo() {
        return Path.of(System.getProperty("deep-predictor.root", "..")).toAbsolutePath().normalize();
    }

    /** The fashion model's definition with another name and artifact, read as the predictor reads it. */
    static ModelDefinition fashionDefinition(Path work, String name, String artifact) throws IOException {
        Path config = work.resolve("config-" + name);
        Files.createDirectories(config.resolve("models"));
        String yaml = Files.readString(repo().resolve("config/models/fashion.yml"))
            .replaceFirst("(?m)^name: .*$", "name: " + name)
            .replaceFirst("(?m)^artifact: .*$", "artifact: " + artifact);
        Files.writeString(config.resolve("models/" + name + ".yml"), yaml);
        ModelCatalog catalog = ModelCatalog.load(config);
        assertThat(catalog.errors()).isEmpty();
        return catalog.find(name).orElseThrow();
    }

    static Prediction predict(ModelDefinition definition, LoadedModel model) throws Exception {
        float[] input = new ImagePreprocessor().toInput(
                new ImageDecoder(40_000_000).decode(Files.readAllBytes(repo().resolve(TEST_IMAGE))),
                definition.preprocessing());
        List<Prediction> found = model.predict(List.of(input)).get(0);
        assertThat(found).isNotEmpty();
        return found.get(0);
    }

    /** The file names in a folder (none when it does not exist). */
    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.map((p) -> p.getFileName().toString()).sorted().toList();
        }
    }

}
