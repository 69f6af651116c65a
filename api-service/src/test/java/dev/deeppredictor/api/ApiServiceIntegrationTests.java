package dev.deeppredictor.api;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.reactivestreams.client.MongoClient;
import dev.deeppredictor.api.prediction.PredictionView;

import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;
import io.minio.MinioAsyncClient;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.SimpleReactiveMongoDatabaseFactory;
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
        TestProperties.servers(registry, "api_it");
        registry.add("deep-predictor.test-database", () -> "api_it_test");
        // A list from a higher source replaces the whole list of application.yml.
        registry.add("deep-predictor.api-keys[0].name", () -> "local");
        registry.add("deep-predictor.api-keys[0].key", () -> KEY);
        registry.add("deep-predictor.api-keys[1].name", () -> "other-client");
        registry.add("deep-predictor.api-keys[1].key", () -> OTHER_KEY);
    }

    private static final String OTHER_KEY = "key-of-another-client";

    @Autowired
    WebTestClient web;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    MinioAsyncClient minio;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    MongoClient mongoClient;

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
            .join().size()).isPositive();
        assertThat(queuedJobs("fashion")).filteredOn((job) -> job.predictionId().equals(id)).singleElement().satisfies((queued) -> {
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
    void aRepeatedUploadGetsTheExistingPredictionAndAnyOtherUseOfTheIdIsAConflict() {
        String id = "E".repeat(32);
        byte[] png = TestImages.encoded("png", 20, 20);
        for (int i = 0; i < 2; i++) {
            this.web.post().uri("/upload").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(seedForm(id, "fashion", png, KEY).build()))
                .exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"prediction_id\":\"" + id + "\",\"prediction_status\":100}");
        }
        assertThat(queuedJobs("fashion").stream().filter((job) -> job.predictionId().equals(id))).hasSize(1);

        expectProblem(seedForm(id, "fashion", TestImages.encoded("png", 21, 20), KEY), HttpStatus.CONFLICT, null);
        expectProblem(seedForm(id, "fashion", png, OTHER_KEY), HttpStatus.CONFLICT, null);
        PredictionRecord record = this.mongo.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION).block();
        assertThat(record.caller()).isEqualTo("local");
        assertThat(record.imageDigest()).hasSize(64);
        assertThat(record.publishedAt()).isNotNull();
    }

    @Test
    void aModernUploadRetriedWithItsClientIdLandsOnTheSamePrediction() {
        String first = modernUpload("retry-me-42", KEY);
        String again = modernUpload("retry-me-42", KEY);
        String otherClient = modernUpload("retry-me-42", OTHER_KEY);

        assertThat(again).isEqualTo(first);
        assertThat(otherClient).isNotEqualTo(first);
        assertThat(first).hasSize(32).matches("[A-Za-z0-9]+");
    }

    @Test
    void theTestApiUsesTestModelsTheTestDatabaseAndTheTestBucket() throws Exception {
        String id = "T".repeat(32);
        this.web.post().uri("/test-upload").contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(seedForm(id, "fashion-test", TestImages.encoded("png", 28, 28), KEY).build()))
            .exchange()
            .expectStatus().isOk()
            .expectBody().json("{\"prediction_id\":\"" + id + "\",\"prediction_status\":100}");

        ReactiveMongoTemplate testDatabase = new ReactiveMongoTemplate(
                new SimpleReactiveMongoDatabaseFactory(this.mongoClient, "api_it_test"), this.mongo.getConverter());
        PredictionRecord record = testDatabase.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION).block();
        assertThat(record.model()).isEqualTo("fashion-test");
        assertThat(this.mongo.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION).block()).isNull();
        assertThat(this.minio.statObject(StatObjectArgs.builder().bucket("deep-predictor-test").object(record.imageKey())
            .build()).join().size()).isPositive();
        assertThat(queuedJobs("fashion-test")).filteredOn((job) -> job.predictionId().equals(id))
            .singleElement().satisfies((job) -> assertThat(job.test()).isTrue());

        this.web.get().uri("/test-api?prediction_id=" + id).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.prediction_status").isEqualTo(100);
        this.web.get().uri("/api?prediction_id=" + id).exchange()
            .expectStatus().isOk().expectBody().json("{\"prediction_status\":0}", true);
        this.web.get().uri("/test-api?predictors").exchange()
            .expectStatus().isOk().expectBody().json("{\"predictors\":[{\"model_name\":\"fashion-test\"}]}", true);
        this.web.get().uri("/api?predictors").exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.predictors[?(@.model_name == 'fashion-test')]").isEmpty();
        this.web.get().uri("/test-api").exchange().expectStatus().isBadRequest();
    }

    @Test
    void theTestApiServesOnlyTestModelsAndOnlyToApiKeys() {
        byte[] png = TestImages.encoded("png", 28, 28);
        expectProblem("/test-upload", seedForm("U".repeat(32), "fashion", png, KEY), HttpStatus.BAD_REQUEST, null);
        MultipartBodyBuilder captchaOnly = seedForm("V".repeat(32), "fashion-test", png, "");
        captchaOnly.part("g-recaptcha-response", "some-token");
        expectProblem("/test-upload", captchaOnly, HttpStatus.UNAUTHORIZED, null);
        expectProblem("/upload", seedForm("W".repeat(32), "fashion-test", png, KEY), HttpStatus.BAD_REQUEST, null);
    }

    private String modernUpload(String clientId, String key) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("image", named(TestImages.encoded("png", 30, 30), "retry.png"));
        form.part("client_id", clientId);
        return this.web.post().uri("/api/v1/predictions").header("X-API-Key", key)
            .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(form.build()))
            .exchange()
            .expectStatus().isAccepted()
            .expectBody(PredictionView.class).returnResult().getResponseBody().id();
    }

    /** Takes every job waiting in a model's queue. */
    private List<PredictionJob> queuedJobs(String model) {
        List<PredictionJob> jobs = new ArrayList<>();
        Object job;
        while ((job = this.rabbit.receiveAndConvert(Messaging.queueFor(model), 500)) != null) {
            jobs.add((PredictionJob) job);
        }
        return jobs;
    }

    private void expectProblem(MultipartBodyBuilder form, HttpStatus status, Integer seedStatus) {
        expectProblem("/upload", form, status, seedStatus);
    }

    private void expectProblem(String path, MultipartBodyBuilder form, HttpStatus status, Integer seedStatus) {
        WebTestClient.BodyContentSpec body = this.web.post().uri(path).contentType(MediaType.MULTIPART_FORM_DATA)
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
