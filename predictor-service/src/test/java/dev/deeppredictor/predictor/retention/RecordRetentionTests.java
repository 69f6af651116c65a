package dev.deeppredictor.predictor.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.deeppredictor.infra.test.TestServers;
import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RecordRetentionTests {

    private static final TestServers SERVERS = TestServers.shared();

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private MongoClient client;

    private MongoTemplate mongo;

    @BeforeEach
    void connect() {
        this.client = MongoClients.create(SERVERS.mongoUri("retention"));
        this.mongo = new MongoTemplate(this.client, "retention");
        this.mongo.dropCollection(PredictionRecord.COLLECTION);
    }

    @AfterEach
    void disconnect() {
        this.client.close();
    }

    @Test
    void onlyFinishedRecordsOlderThanTheRetentionAreDeleted() {
        insert("old-done", PredictionState.SUCCEEDED, NOW.minus(Duration.ofHours(3)));
        insert("old-failed", PredictionState.FAILED, NOW.minus(Duration.ofHours(2)));
        insert("recent-done", PredictionState.SUCCEEDED, NOW.minus(Duration.ofMinutes(30)));
        insert("old-queued", PredictionState.QUEUED, null);
        insert("old-running", PredictionState.RUNNING, null);
        RecordRetention retention = new RecordRetention(this.mongo, Duration.ofHours(1), Duration.ofMinutes(1),
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(retention.sweep()).isEqualTo(2);

        assertThat(ids()).containsExactlyInAnyOrder("recent-done", "old-queued", "old-running");
        assertThat(retention.sweep()).isZero();
        // The sweep reads by the index it made.
        assertThat(this.mongo.getCollection(PredictionRecord.COLLECTION).listIndexes())
            .anySatisfy((index) -> assertThat(index.get("key", Document.class)).containsOnlyKeys("finishedAt"));
    }

    @Test
    void theTimerSweepsAtStart() {
        insert("old-done", PredictionState.SUCCEEDED, NOW.minus(Duration.ofDays(2)));
        try (RecordRetention retention = new RecordRetention(this.mongo, Duration.ofDays(1), Duration.ofHours(1),
                Clock.fixed(NOW, ZoneOffset.UTC))) {
            retention.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> ids().isEmpty());
        }
    }

    private void insert(String id, PredictionState state, Instant finishedAt) {
        Document record = new Document("_id", id).append("state", state.name())
            .append("queuedAt", NOW.minus(Duration.ofDays(3)))
            .append("finishedAt", finishedAt);
        this.mongo.getCollection(PredictionRecord.COLLECTION).insertOne(record);
    }

    private List<String> ids() {
        return this.mongo.getCollection(PredictionRecord.COLLECTION)
            .find()
            .map((document) -> document.getString("_id"))
            .into(new java.util.ArrayList<>());
    }

}
