package dev.deeppredictor.e2e;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import dev.deeppredictor.infra.test.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline as it runs in production: the packaged API and two predictor processes,
 * real RabbitMQ, object store and MongoDB wire-protocol servers, the real Fashion-MNIST model, and
 * held-out test images whose true classes are known.
 */
class PipelineEndToEndTests {

    private static final String KEY = "local-dev-key";

    private static final List<ServiceProcess> services = new ArrayList<>();

    private static WebTestClient api;

    @BeforeAll
    static void startServices() {
        Path repo = Path.of(System.getProperty("deep-predictor.root", "../..")).toAbsolutePath().normalize();
        Map<String, String> environment = new HashMap<>(TestServers.shared().environment("e2e"));
        environment.put("DEEP_PREDICTOR_CONFIG_DIR", repo.resolve("config").toString());
        for (String worker : List.of("predictor-a", "predictor-b")) {
            Map<String, String> predictor = new HashMap<>(environment);
            predictor.put("DEEP_PREDICTOR_WORKER_ID", worker);
            // common-objects runs on DJL's TensorFlow engine, whose natives predictor-service's build unpacks.
            predictor.put("TENSORFLOW_LIBRARY_PATH",
                    repo.resolve("predictor-service/target/tensorflow-native").toString());
            services.add(ServiceProcess.start(repo, "predictor-service", worker, predictor));
        }
        ServiceProcess apiService = ServiceProcess.start(repo, "api-service", "api-service", environment);
        services.add(apiService);
        api = WebTestClient.bindToServer().baseUrl(apiService.baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stopServices() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }

    @Test
    void heldOutFashionImagesAreClassifiedCorrectlyBySharedWorkers() {
        List<FashionFixtures.Sample> samples = FashionFixtures.all();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(40);
        Map<String, FashionFixtures.Sample> byId = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (FashionFixtures.Sample sample : samples) {
            String id = predictionId(sample.file());
            byId.put(id, sample);
            api.post().uri("/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(seedForm(id, sample.png(), sample.file()).build()))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.prediction_status").isEqualTo(100);
        }
        Map<String, Map<String, Object>> results = awaitResults(byId.keySet());
        double seconds = (System.nanoTime() - start) / 1e9;

        long correct = byId.entrySet().stream()
            .filter((entry) -> entry.getValue().labelName().equals(topClass(results.get(entry.getKey()))))
            .count();
        double accuracy = (double) correct / byId.size();
        System.out.printf("e2e: %d predictions in %.2f s (%.1f/s), accuracy %.3f%n", byId.size(), seconds,
                byId.size() / seconds, accuracy);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.85);
        results.values().forEach((result) -> {
            assertThat(result).containsKeys("model_info", "prediction_time");
            assertThat((List<?>) result.get("predictions")).hasSize(3);
        });

        Set<Object> workers = byId.keySet().stream()
            .map((id) -> api.get().uri("/api/v1/predictions/" + id).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("worker"))
            .collect(Collectors.toSet());
        assertThat(workers).containsExactlyInAnyOrder("predictor-a", "predictor-b");
    }

    @Test
    void photosOfAnySizeColourAndFormatBecomeTheModelsInput() throws IOException {
        List<FashionFixtures.Sample> samples = FashionFixtures.all().subList(0, 16);
        Map<String, String> expected = new LinkedHashMap<>();
        String[] formats = { "jpg", "bmp", "gif", "png" };
        for (int i = 0; i < samples.size(); i++) {
            FashionFixtures.Sample sample = samples.get(i);
            String format = formats[i % formats.length];
            byte[] photo = enlargedColour(sample.png(), 112 + 37 * i, format);
            MultipartBodyBuilder form = new MultipartBodyBuilder();
            form.part("image", named(photo, "item." + format));
            form.part("model", "fashion");
            Map<?, ?> accepted = api.post().uri("/api/v1/predictions").header("X-API-Key", KEY)
                .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(form.build()))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody();
            expected.put((String) accepted.get("id"), sample.labelName());
        }
        Map<String, Map<String, Object>> results = awaitResults(expected.keySet());
        long correct = expected.entrySet().stream()
            .filter((entry) -> entry.getValue().equals(topClass(results.get(entry.getKey()))))
            .count();
        assertThat((double) correct / expected.size()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void realPhotosGetSensibleDetectionsOnTheOtherEngines() throws IOException {
        String cat = submit("chelsea.png", "common-objects");
        String cup = submit("coffee.png", "common-objects");
        String face = submit("astronaut.png", "faces");
        Map<String, Map<String, Object>> results = awaitResults(Set.of(cat, cup, face));

        assertThat(topClass(results.get(cat))).isEqualTo("cat");
        assertThat(detections(results.get(cup))).anySatisfy((found) -> {
            assertThat(found.get("class_name")).isEqualTo("cup");
            assertThat(((Number) found.get("confidence")).doubleValue()).isGreaterThan(0.8);
        });
        assertThat(detections(results.get(face))).singleElement().satisfies((found) -> {
            assertThat(found.get("class_name")).isEqualTo("face");
            Map<?, ?> box = (Map<?, ?>) found.get("bbox");
            // The face in the portrait: upper half, around the middle.
            assertThat(((Number) box.get("cy")).doubleValue()).isBetween(0.1, 0.5);
            assertThat(((Number) box.get("cx")).doubleValue()).isBetween(0.33, 0.67);
        });
        assertThat(results.get(cat).get("model_info")).asString().contains("tensorflow");
        assertThat(results.get(face).get("model_info")).asString().contains("onnxruntime");
    }

    /** Uploads a photo from Debian's python3-skimage package (installed by infra/models/prepare.sh). */
    private static String submit(String photo, String model) throws IOException {
        Path file = Path.of("/usr/lib/python3/dist-packages/skimage/data", photo);
        assertThat(file).as("test photo missing: run infra/models/prepare.sh").isRegularFile();
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("image", named(Files.readAllBytes(file), photo));
        form.part("model", model);
        Map<?, ?> accepted = api.post().uri("/api/v1/predictions").header("X-API-Key", KEY)
            .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(form.build()))
            .exchange()
            .expectStatus().isAccepted()
            .expectBody(Map.class).returnResult().getResponseBody();
        return (String) accepted.get("id");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> detections(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("predictions");
    }

    private static Map<String, Map<String, Object>> awaitResults(Set<String> ids) {
        Map<String, Map<String, Object>> done = new ConcurrentHashMap<>();
        await("all predictions done").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String id : ids) {
                if (!done.containsKey(id)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> result = api.get().uri("/api?prediction_id=" + id).exchange()
                        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
                    int status = ((Number) result.get("prediction_status")).intValue();
                    assertThat(status).as("status of %s: %s", id, result).isIn(100, 200);
                    if (status == 200) {
                        done.put(id, result);
                    }
                }
            }
            return done.size() == ids.size();
        });
        return done;
    }

    @SuppressWarnings("unchecked")
    private static String topClass(Map<String, Object> result) {
        List<Map<String, Object>> predictions = (List<Map<String, Object>>) result.get("predictions");
        return (String) predictions.get(0).get("class_name");
    }

    /** The grey 28x28 item as a larger colour picture in another format. */
    private static byte[] enlargedColour(byte[] png, int size, String format) throws IOException {
        BufferedImage gray = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage colour = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = colour.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        graphics.drawImage(gray, 0, 0, size, size, null);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(colour, format, out)).isTrue();
        return out.toByteArray();
    }

    private static String predictionId(String file) {
        String base = file.replaceAll("[^A-Za-z0-9]", "") + Long.toString(System.nanoTime(), 36);
        return (base + "x".repeat(32)).substring(0, 32);
    }

    private static MultipartBodyBuilder seedForm(String id, byte[] image, String filename) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("prediction_id", id);
        form.part("model_name", "fashion");
        form.part("image", named(image, filename));
        form.part("api_key", KEY);
        return form;
    }

    private static ByteArrayResource named(byte[] content, String filename) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return filename;
            }
        };
    }

}
