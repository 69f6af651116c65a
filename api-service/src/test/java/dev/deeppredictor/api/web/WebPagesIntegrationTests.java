package dev.deeppredictor.api.web;

import dev.deeppredictor.api.TestProperties;
import java.time.Duration;

import dev.deeppredictor.api.TestImages;
import dev.deeppredictor.infra.test.TestServers;
import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionRecord;
import io.minio.MinioAsyncClient;
import io.minio.RemoveObjectArgs;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the web pages rely on, against real servers: the pages themselves, their configuration
 * endpoint, the stored image of a prediction, and error pages for browsers beside problem details
 * for API clients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class WebPagesIntegrationTests {

    // faces: no other api-service test reads its queue, and this test takes its own job back out.
    private static final String MODEL = "faces";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestProperties.servers(registry, "api_web");
        registry.add("deep-predictor.upload.max-size", () -> "3MB");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    MinioAsyncClient minio;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Test
    void theUploadAndResultPagesAreServed() {
        this.web.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
            .expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
            .expectBody(String.class).value((html) -> assertThat(html).contains("<h1>Upload an image</h1>")
                .contains("name=\"viewport\"").contains("/js/upload.js"));
        this.web.get().uri("/result.html?id=x").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).value((html) -> assertThat(html).contains("aria-live=\"polite\""));
        this.web.get().uri("/js/upload.js").exchange()
            .expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith("text/javascript");
    }

    @Test
    void theWebConfigTellsThePageTheRulesButNoSecret() {
        this.web.get().uri("/api/v1/web-config").exchange()
            .expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody()
            .jsonPath("$.default_model").isEqualTo("fashion")
            .jsonPath("$.max_upload_bytes").isEqualTo(3 * 1024 * 1024)
            .jsonPath("$.prediction_id.length").isEqualTo(32)
            .jsonPath("$.prediction_id.characters")
            .isEqualTo("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            .jsonPath("$.recaptcha.enabled").isEqualTo(false)
            .jsonPath("$.recaptcha.secret").doesNotExist();
    }

    @Test
    void theImageOfAPredictionIsStreamedUntilItIsGone() throws Exception {
        byte[] png = TestImages.encoded("png", 64, 48);
        String id = "WebImageWebImageWebImageWebImage";
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("prediction_id", id);
        form.part("model_name", MODEL);
        form.part("image", new ByteArrayResource(png) {
            @Override
            public String getFilename() {
                return "picture.png";
            }
        });
        form.part("api_key", "local-dev-key");
        this.web.post().uri("/upload").contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(form.build()))
            .exchange()
            .expectStatus().isOk();
        Object job = this.rabbit.receiveAndConvert(Messaging.queueFor(MODEL), Duration.ofSeconds(10).toMillis());
        assertThat(job).isInstanceOfSatisfying(PredictionJob.class, (queued) -> assertThat(queued.predictionId()).isEqualTo(id));

        byte[] served = this.web.get().uri("/api/v1/predictions/" + id + "/image").exchange()
            .expectStatus().isOk()
            .expectHeader().contentType(MediaType.IMAGE_PNG)
            .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(served).isEqualTo(png);

        this.web.get().uri("/api/v1/predictions/NoSuchIdNoSuchIdNoSuchIdNoSuchId/image").exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.title").isEqualTo("Prediction not found").jsonPath("$.prediction_status").isEqualTo(0);

        PredictionRecord record = this.mongo.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION).block();
        this.minio.removeObject(RemoveObjectArgs.builder().bucket(TestServers.BUCKET).object(record.imageKey()).build()).join();
        this.web.get().uri("/api/v1/predictions/" + id + "/image").exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.title").isEqualTo("Image not found").jsonPath("$.detail").isNotEmpty();
    }

    @Test
    void browsersGetAnErrorPageWhereApiClientsGetProblemDetails() {
        this.web.get().uri("/no-such-page").accept(MediaType.TEXT_HTML, MediaType.parseMediaType("*/*;q=0.8"))
            .exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
            .expectBody(String.class).value((html) -> assertThat(html).contains("404 – Page not found"));
        this.web.get().uri("/no-such-page").accept(MediaType.APPLICATION_JSON).exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.status").isEqualTo(404);
        // curl and most HTTP clients send no Accept or */*: they are API clients.
        this.web.get().uri("/no-such-page").accept(MediaType.ALL).exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        this.web.get().uri("/api/v1/predictions/unknown").accept(MediaType.APPLICATION_JSON).exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // A status without its own page falls back to the page of its series.
        this.web.delete().uri("/api/v1/web-config").accept(MediaType.TEXT_HTML).exchange()
            .expectStatus().isEqualTo(405)
            .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
            .expectBody(String.class).value((html) -> assertThat(html).contains("Request refused"));
    }

}
