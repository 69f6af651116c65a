package dev.deeppredictor.api.admin;

import dev.deeppredictor.api.TestProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter admin API on a real broker: dead letters as the predictor leaves them (the job
 * body plus the reason headers) are listed, replayed and discarded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class DeadLetterAdminTests {

    private static final String ADMIN_KEY = "local-dev-key";

    private static final String UPLOAD_KEY = "upload-only-key";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestProperties.servers(registry, "api_dead_letters");
        registry.add("deep-predictor.api-keys[0].name", () -> "operator");
        registry.add("deep-predictor.api-keys[0].key", () -> ADMIN_KEY);
        registry.add("deep-predictor.api-keys[0].admin", () -> "true");
        registry.add("deep-predictor.api-keys[1].name", () -> "client");
        registry.add("deep-predictor.api-keys[1].key", () -> UPLOAD_KEY);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    MessageConverter converter;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Test
    void deadLettersAreListedReplayedAndDiscarded() {
        this.admin.purgeQueue(Messaging.DEAD_LETTER_QUEUE, false);
        this.admin.purgeQueue(Messaging.queueFor("fashion"), false);
        PredictionJob job = new PredictionJob("DeadLetter0DeadLetter0DeadLetter", "fashion",
                "uploads/fashion/DeadLetter0DeadLetter0DeadLetter.png", "image/png", Instant.now(), false);
        this.mongo.insert(PredictionRecord.queued(job, null), PredictionRecord.COLLECTION).block();
        this.mongo.updateFirst(Query.query(Criteria.where("_id").is(job.predictionId())),
                new Update().set("state", PredictionState.FAILED).set("statusCode", 550).set("attempts", 3)
                    .set("error", "gave up after 3 attempts"), PredictionRecord.COLLECTION).block();
        deadLetter(this.converter.toMessage(job, new MessageProperties()), job.predictionId(), "gave up after 3 attempts");
        MessageProperties garbage = new MessageProperties();
        garbage.setContentType("application/json");
        deadLetter(new Message("{oops".getBytes(StandardCharsets.UTF_8), garbage), null, "not a prediction job: oops");

        this.web.get().uri("/api/v1/admin/dead-letters").header("X-API-Key", UPLOAD_KEY).exchange()
            .expectStatus().isForbidden();
        this.web.get().uri("/api/v1/admin/dead-letters").exchange().expectStatus().isUnauthorized();
        Map<?, ?> listed = list();
        assertThat(listed.get("count")).isEqualTo(2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> letters = (List<Map<String, Object>>) listed.get("dead_letters");
        assertThat(letters).hasSize(2).anySatisfy((letter) -> assertThat(letter)
            .containsEntry("prediction_id", job.predictionId())
            .containsEntry("queue", "deep-predictor.model.fashion")
            .containsEntry("reason", "gave up after 3 attempts"))
            .anySatisfy((letter) -> assertThat(letter).containsEntry("body", "{oops")
                .containsEntry("reason", "not a prediction job: oops").doesNotContainKey("prediction_id"));
        // Listing takes nothing away.
        assertThat(list().get("count")).isEqualTo(2);

        this.web.post().uri("/api/v1/admin/dead-letters/replay?prediction_id=" + job.predictionId())
            .header("X-API-Key", ADMIN_KEY).exchange()
            .expectStatus().isOk().expectBody().json("{\"replayed\":1}");
        PredictionRecord record = this.mongo.findById(job.predictionId(), PredictionRecord.class,
                PredictionRecord.COLLECTION).block();
        assertThat(record.state()).isEqualTo(PredictionState.QUEUED);
        assertThat(record.attempts()).isZero();
        assertThat(record.error()).isNull();
        Object replayed = this.rabbit.receiveAndConvert(Messaging.queueFor("fashion"), 5000);
        assertThat(replayed).isEqualTo(job);
        assertThat(list().get("count")).isEqualTo(1);

        this.web.delete().uri("/api/v1/admin/dead-letters").header("X-API-Key", ADMIN_KEY).exchange()
            .expectStatus().isOk().expectBody().json("{\"discarded\":1}");
        assertThat(list().get("count")).isEqualTo(0);
    }

    private Map<?, ?> list() {
        return this.web.get().uri("/api/v1/admin/dead-letters").header("X-API-Key", ADMIN_KEY).exchange()
            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    /** As the predictor dead-letters: the original body, the reason in headers, to the dead-letter exchange. */
    private void deadLetter(Message message, String predictionId, String reason) {
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        headers.put(Messaging.DEAD_REASON_HEADER, reason);
        headers.put(Messaging.DEAD_QUEUE_HEADER, "deep-predictor.model.fashion");
        headers.put(Messaging.DEAD_AT_HEADER, Instant.now().toString());
        if (predictionId != null) {
            headers.put(Messaging.DEAD_PREDICTION_HEADER, predictionId);
        }
        this.rabbit.send(Messaging.DEAD_LETTER_EXCHANGE, "fashion", message);
    }

}
