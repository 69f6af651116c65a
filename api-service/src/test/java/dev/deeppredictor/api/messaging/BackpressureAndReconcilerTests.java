package dev.deeppredictor.api.messaging;

import dev.deeppredictor.api.TestProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.deeppredictor.api.TestImages;
import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionRecord;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
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
import static org.awaitility.Awaitility.await;

/**
 * Backpressure and the reconciler against a real broker and database; no predictor runs, so the
 * queues only grow.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class BackpressureAndReconcilerTests {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestProperties.servers(registry, "api_backpressure");
        registry.add("deep-predictor.backpressure.models.faces", () -> "3");
        registry.add("deep-predictor.backpressure.retry-after", () -> "7s");
        registry.add("deep-predictor.backpressure.cache-for", () -> "0ms");
        registry.add("deep-predictor.reconciler.interval", () -> "300ms");
        registry.add("deep-predictor.reconciler.grace", () -> "2s");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Test
    void aFullQueueRefusesUploadsWith429AndRetryAfter() {
        this.admin.purgeQueue(Messaging.queueFor("faces"), false);
        for (int i = 0; i < 3; i++) {
            upload("faces").expectStatus().isAccepted();
        }
        await().atMost(Duration.ofSeconds(10))
            .until(() -> this.admin.getQueueInfo(Messaging.queueFor("faces")).getMessageCount() == 3);

        upload("faces").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
            .expectHeader().valueEquals("Retry-After", "7")
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").isEqualTo(
                    "The queue of model faces holds 3 jobs, at its limit of 3; retry in 7 s");
        // The limit is per model: the others still take uploads.
        upload("fashion").expectStatus().isAccepted();

        this.admin.purgeQueue(Messaging.queueFor("faces"), false);
        upload("faces").expectStatus().isAccepted();
    }

    /** As if the API had died between writing the record and publishing its job. */
    @Test
    void aRecordLeftUnpublishedIsPublishedByTheReconciler() {
        this.admin.purgeQueue(Messaging.queueFor("common-objects"), false);
        PredictionJob job = new PredictionJob("Unpublished0Unpublished0Unpublis", "common-objects",
                "uploads/common-objects/Unpublished0Unpublished0Unpublis.png", "image/png",
                Instant.now().minus(Duration.ofMinutes(1)), false);
        PredictionJob fresh = new PredictionJob("Uploading00Uploading00Uploading0", "common-objects",
                "uploads/common-objects/Uploading00Uploading00Uploading0.png", "image/png", Instant.now().plusSeconds(60),
                false);
        this.mongo.insert(PredictionRecord.queued(job, null), PredictionRecord.COLLECTION).block();
        this.mongo.insert(PredictionRecord.queued(fresh, null), PredictionRecord.COLLECTION).block();

        List<PredictionJob> published = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Object message = this.rabbit.receiveAndConvert(Messaging.queueFor("common-objects"), 200);
            if (message instanceof PredictionJob received) {
                published.add(received);
            }
            return !published.isEmpty();
        });
        assertThat(published).singleElement().satisfies((received) -> {
            assertThat(received.predictionId()).isEqualTo(job.predictionId());
            assertThat(received.imageKey()).isEqualTo(job.imageKey());
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> this.mongo
            .findById(job.predictionId(), PredictionRecord.class, PredictionRecord.COLLECTION).block().publishedAt() != null);
        // Once published it is left alone, and an upload still within its grace period is not touched.
        assertThat(this.rabbit.receiveAndConvert(Messaging.queueFor("common-objects"), 1500)).isNull();
        // The reconciler reads by the index it made, on the field only unconfirmed records lack.
        assertThat(this.mongo.indexOps(PredictionRecord.COLLECTION).getIndexInfo().collectList().block())
            .anySatisfy((index) -> assertThat(index.getIndexFields())
                .singleElement()
                .satisfies((field) -> assertThat(field.getKey()).isEqualTo("publishedAt")));
    }

    private WebTestClient.ResponseSpec upload(String model) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("image", new ByteArrayResource(TestImages.encoded("png", 32, 32)) {
            @Override
            public String getFilename() {
                return "image.png";
            }
        });
        form.part("model", model);
        return this.web.post().uri("/api/v1/predictions").header("X-API-Key", "local-dev-key")
            .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(form.build())).exchange();
    }

}
