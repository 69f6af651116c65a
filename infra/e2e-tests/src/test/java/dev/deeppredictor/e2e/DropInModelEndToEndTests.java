package dev.deeppredictor.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.deeppredictor.infra.test.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A model added by configuration alone: the packaged services run on a config folder; a YAML file
 * and an artifact are dropped into it (the model guide's own example, and a broken file beside it);
 * after a restart the new model serves real predictions, the broken file is reported by name and
 * field, and the other models keep serving.
 */
class DropInModelEndToEndTests {

    private static final String KEY = "local-dev-key";

    private static final Pattern GUIDE_YAML = Pattern
        .compile("<!-- step: file config/models/my-clothes.yml -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path config;

    @Test
    void aDroppedInModelServesAfterARestartAndABrokenOneHarmsNoOther() throws IOException {
        Path repo = Path.of(System.getProperty("deep-predictor.root", "../..")).toAbsolutePath().normalize();
        Files.createDirectories(this.config.resolve("models"));
        Files.createDirectories(this.config.resolve("artifacts/fashion"));
        Files.copy(repo.resolve("config/models/fashion.yml"), this.config.resolve("models/fashion.yml"));
        Files.copy(repo.resolve("config/artifacts/fashion/fashion-cnn.pt"),
                this.config.resolve("artifacts/fashion/fashion-cnn.pt"));
        Map<String, String> environment = new HashMap<>(TestServers.shared().environment("e2e_dropin"));
        environment.put("DEEP_PREDICTOR_CONFIG_DIR", this.config.toString());

        try (Stack before = Stack.start(repo, environment, "before")) {
            assertThat(predictorNames(before.api())).containsExactly("fashion");
        }

        // The guide's steps: the artifact under artifacts/, the YAML file under models/.
        Files.createDirectories(this.config.resolve("artifacts/my-clothes"));
        Files.copy(repo.resolve("config/artifacts/fashion/fashion-cnn.pt"),
                this.config.resolve("artifacts/my-clothes/model.pt"));
        Matcher yaml = GUIDE_YAML.matcher(Files.readString(repo.resolve("docs/models.md")));
        assertThat(yaml.find()).as("the guide's my-clothes.yml step").isTrue();
        Files.writeString(this.config.resolve("models/my-clothes.yml"), yaml.group(1));
        Files.writeString(this.config.resolve("models/broken.yml"), """
                name: broken
                engine: Caffe
                artifact: artifacts/broken/model.caffemodel
                task: classification
                labels: [a, b]
                """);

        try (Stack after = Stack.start(repo, environment, "after")) {
            assertThat(predictorNames(after.api())).containsExactlyInAnyOrder("fashion", "my-clothes");
            byte[] ankleBoot = Files.readAllBytes(repo.resolve(
                    "infra/test-support/src/main/resources/fixtures/fashion/test-00000.png"));
            assertThat(topClass(after.api(), "my-clothes", ankleBoot)).isEqualTo("Ankle boot");
            assertThat(topClass(after.api(), "fashion", ankleBoot)).isEqualTo("Ankle boot");
            for (Path log : List.of(after.predictor().log(), after.apiProcess().log())) {
                assertThat(Files.readString(log)).as("the rejection in %s", log)
                    .containsPattern("broken\\.yml.*engine");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> predictorNames(WebTestClient api) {
        Map<String, Object> body = api.get().uri("/api?predictors").exchange()
            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, String>>) body.get("predictors")).stream().map((p) -> p.get("model_name")).toList();
    }

    @SuppressWarnings("unchecked")
    private static String topClass(WebTestClient api, String model, byte[] png) {
        String id = (model.replace("-", "") + Long.toString(System.nanoTime(), 36) + "x".repeat(32)).substring(0, 32);
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("prediction_id", id);
        form.part("model_name", model);
        form.part("image", new ByteArrayResource(png) {
            @Override
            public String getFilename() {
                return "item.png";
            }
        });
        form.part("api_key", KEY);
        api.post().uri("/upload").contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(form.build())).exchange().expectStatus().isOk();
        Map<String, Object> result = await(model + " result").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> (Map<String, Object>) api.get().uri("/api?prediction_id=" + id).exchange()
                .expectBody(Map.class).returnResult().getResponseBody(),
                    (answer) -> ((Number) answer.get("prediction_status")).intValue() != 100);
        assertThat(result.get("prediction_status")).as("%s", result).isEqualTo(200);
        return (String) ((List<Map<String, Object>>) result.get("predictions")).get(0).get("class_name");
    }

    /** One predictor and the API on the given config folder. */
    private record Stack(ServiceProcess predictor, ServiceProcess apiProcess, WebTestClient api) implements AutoCloseable {

        static Stack start(Path repo, Map<String, String> environment, String phase) {
            Map<String, String> predictorEnvironment = new HashMap<>(environment);
            predictorEnvironment.put("DEEP_PREDICTOR_WORKER_ID", "dropin-" + phase);
            ServiceProcess predictor = ServiceProcess.start(repo, "predictor-service", "dropin-predictor-" + phase,
                    predictorEnvironment);
            ServiceProcess api;
            try {
                api = ServiceProcess.start(repo, "api-service", "dropin-api-" + phase, environment);
            }
            catch (RuntimeException ex) {
                predictor.close();
                throw ex;
            }
            return new Stack(predictor, api, WebTestClient.bindToServer().baseUrl(api.baseUrl())
                .responseTimeout(Duration.ofSeconds(30)).build());
        }

        @Override
        public void close() {
            this.apiProcess.close();
            this.predictor.close();
        }

    }

}
