package dev.deeppredictor.api;

import java.time.Duration;

import dev.deeppredictor.infra.test.TestServers;
import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API against a real broker, object store and MongoDB wire-protocol server: what an upload
 * leaves in each of them, and how refusals look. No predictor runs here, so jobs stay queued.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ApiServiceIntegrationTests {

    private static final String KEY = "local-dev-key";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.shared().springProperties("api_it").forEach((name, value) -> registry.add(name, () -> value));
        registry.add("deep-predictor.config-dir", () -> System.getProperty("deep-predictor.root", "..") + "/config");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    MinioClient minio;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Test
    void aSeedUploadIsStoredRecordedAndQueued() throws Exception {
        String id = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
        this.web.post().uri("/upload").contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(seedForm(id, "fashion", TestImages.encoded("png", 40, 40), KEY).build()))
            .exchange()
            .expectStatus().isOk()
            .expectBody().json("{\"prediction_id\":\"" + id + "\",\"prediction_status\":100}");

        PredictionRecord record = this.mongo.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION).block();
        assertThat(record.state()).isEqualTo(PredictionState.QUEUED);
        assertThat(record.imageKey()).isEqualTo("uploads/fashion/" + id + ".png");
        assertThat(this.minio.statObject(StatObjectArgs.builder().bucket("deep-predictor").object(record.imageKey()).build())
            .size()).isPositive();
        Object job = this.rabbit.receiveAndConvert(Messaging.queueFor("fashion"), Duration.ofSeconds(5).toMillis());
        assertThat(job).isInstanceOfSatisfying(PredictionJob.class, (queued) -> {
            assertThat(queued.predictionId()).isEqualTo(id);
            assertThat(queued.imageKey()).isEqualTo(record.imageKey());
            assertThat(queued.contentType()).isEqualTo("image/png");
        });

        this.web.get().uri("/api?prediction_id=" + id).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.prediction_status").isEqualTo(100).jsonPath("$.predictions").isEqualTo("");
    }

    @Test
    void theSeedApiAnswersLikeTheSeed() {
        this.web.get().uri("/api?prediction_id=NoSuchIdNoSuchIdNoSuchIdNoSuchId").exchange()
            .expectStatus().isOk().expectBody().json("{\"prediction_status\":0}", true);
        this.web.get().uri("/api").exchange().expectStatus().isBadRequest();
        this.web.get().uri("/api?predictors").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.predictors[?(@.model_name == 'fashion')].frontend_name").isEqualTo("Fashion items");
    }

    @Test
    void aModernUploadIsAcceptedWithItsLocation() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("image", named(TestImages.encoded("jpg", 120, 90), "shirt.jpg"));
        form.part("model", "fashion");
        String location = this.web.post().uri("/api/v1/predictions").header("X-API-Key", KEY)
            .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(form.build()))
            .exchange()
            .expectStatus().isAccepted()
            .expectBody().jsonPath("$.state").isEqualTo("QUEUED").jsonPath("$.model").isEqualTo("fashion")
            .returnResult().getResponseHeaders().getLocation().toString();
        this.web.get().uri(location).exchange().expectStatus().isOk().expectBody().jsonPath("$.prediction_status").isEqualTo(100);
        this.web.get().uri("/api/v1/predictions/unknown").exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        this.web.get().uri("/api/v1/models").exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.models[?(@.name == 'fashion')].name").isEqualTo("fashion");
    }

    @Test
    void refusalsAreProblemDetailsAndLeaveNothingBehind() {
        byte[] png = TestImages.encoded("png", 20, 20);
        expectProblem(seedForm("A".repeat(32), "fashion", png, "wrong-key"), HttpStatus.UNAUTHORIZED, null);
        expectProblem(seedForm("B".repeat(32), "no-such-model", png, KEY), HttpStatus.BAD_REQUEST, null);
        expectProblem(seedForm("short", "fashion", png, KEY), HttpStatus.BAD_REQUEST, null);
        expectProblem(seedForm("C".repeat(32), "fashion", "not an image".getBytes(), KEY),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, 510);
        expectProblem(seedForm("D".repeat(32), "fashion", TestImages.pngClaiming(40_000, 40_000), KEY),
                HttpStatus.CONTENT_TOO_LARGE, 510);
        for (String refused : new String[] { "A", "B", "C", "D" }) {
            assertThat(this.mongo.findById(refused.repeat(32), PredictionRecord.class, PredictionRecord.COLLECTION).block())
                .isNull();
        }
    }

    @Test
    void aReusedPredictionIdIsAConflict() {
        String id = "E".repeat(32);
        byte[] png = TestImages.encoded("png", 20, 20);
        this.web.post().uri("/upload").contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(seedForm(id, "fashion", png, KEY).build()))
            .exchange().expectStatus().isOk();
        expectProblem(seedForm(id, "fashion", png, KEY), HttpStatus.CONFLICT, null);
    }

    private void expectProblem(MultipartBodyBuilder form, HttpStatus status, Integer seedStatus) {
        WebTestClient.BodyContentSpec body = this.web.post().uri("/upload").contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(form.build()))
            .exchange()
            .expectStatus().isEqualTo(status)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").isNotEmpty();
        if (seedStatus != null) {
            body.jsonPath("$.prediction_status").isEqualTo(seedStatus);
        }
    }

    static MultipartBodyBuilder seedForm(String id, String model, byte[] image, String key) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("prediction_id", id);
        form.part("model_name", model);
        form.part("image", named(image, "upload.png"));
        form.part("api_key", key);
        return form;
    }

    static ByteArrayResource named(byte[] content, String filename) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return filename;
            }
        };
    }

}
