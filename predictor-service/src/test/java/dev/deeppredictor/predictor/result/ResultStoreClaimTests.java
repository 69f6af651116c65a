package dev.deeppredictor.predictor.result;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.deeppredictor.infra.test.TestServers;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ResultStoreClaimTests {

    private static final TestServers SERVERS = TestServers.shared();

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00.123456Z");

    private MongoClient client;

    private MongoTemplate mongo;

    private ResultStore store;

    @BeforeEach
    void connect() {
        this.client = MongoClients.create(SERVERS.mongoUri("claims"));
        this.mongo = new MongoTemplate(this.client, "claims");
        this.mongo.dropCollection(PredictionRecord.COLLECTION);
        this.store = new ResultStore(this.mongo);
    }

    @AfterEach
    void disconnect() {
        this.client.close();
    }

    @Test
    void openRecordsAreAllClaimedAndMarkedRunning() throws Exception {
        insert("a", PredictionState.QUEUED);
        insert("b", PredictionState.RUNNING);

        assertThat(this.store.claim(List.of(job("a"), job("b")), "worker-1", NOW, 3).runnable()).containsExactlyInAnyOrder("a", "b");

        for (String id : List.of("a", "b")) {
            Document record = record(id);
            assertThat(record.getString("state")).isEqualTo("RUNNING");
            assertThat(record.getString("worker")).isEqualTo("worker-1");
            assertThat(record.getInteger("attempts")).isEqualTo(1);
        }
    }

    @Test
    void finalAndMissingRecordsAreLeftOutAndUntouched() throws Exception {
        insert("open", PredictionState.QUEUED);
        insert("done", PredictionState.SUCCEEDED);
        // A record already running by this worker since an earlier claim is claimed again.
        insert("again", PredictionState.RUNNING);
        this.mongo.getCollection(PredictionRecord.COLLECTION).updateOne(Filters.eq("_id", "again"),
                new Document("$set", new Document("worker", "worker-1").append("startedAt", NOW.minusSeconds(60))));

        assertThat(this.store.claim(List.of(job("open"), job("done"), job("missing"), job("again")), "worker-1", NOW, 3))
            .isEqualTo(new Claim(Set.of("open", "again"), Set.of()));

        assertThat(record("done").getString("state")).isEqualTo("SUCCEEDED");
        assertThat(record("done").getInteger("attempts")).isZero();
        assertThat(record("missing")).isNull();
        assertThat(record("again").getInteger("attempts")).isEqualTo(1);
    }

    @Test
    void nothingOpenClaimsNothing() throws Exception {
        insert("done", PredictionState.FAILED);
        assertThat(this.store.claim(List.of(job("done"), job("missing")), "worker-1", NOW, 3))
            .isEqualTo(new Claim(Set.of(), Set.of()));
    }

    @Test
    void recordsStartedMaxAttemptsTimesAreSpentAndLeftAlone() throws Exception {
        insert("spent", PredictionState.RUNNING, 3);
        insert("last-chance", PredictionState.RUNNING, 2);

        assertThat(this.store.claim(List.of(job("spent"), job("last-chance")), "worker-1", NOW, 3))
            .isEqualTo(new Claim(Set.of("last-chance"), Set.of("spent")));
        assertThat(record("spent").getInteger("attempts")).isEqualTo(3);
        assertThat(record("last-chance").getInteger("attempts")).isEqualTo(3);
    }

    @Test
    void aJobOfAnEarlierUploadWithTheSameIdTakesNothing() throws Exception {
        // The API took back an upload whose publish it thought lost, and the client's retry made a
        // new record with the same id; the first upload's job, which the broker did keep, arrives.
        insert("retried", PredictionState.QUEUED);
        insert("spent-retry", PredictionState.RUNNING, 3);
        PredictionJob earlier = new PredictionJob("retried", "fashion", "uploads/fashion/retried.png", "image/png",
                NOW.minusSeconds(15), false);
        PredictionJob earlierSpent = new PredictionJob("spent-retry", "fashion", "uploads/fashion/spent-retry.png",
                "image/png", NOW.minusMillis(1), false);

        assertThat(this.store.claim(List.of(earlier, earlierSpent, job("missing")), "worker-1", NOW, 3))
            .isEqualTo(new Claim(Set.of(), Set.of()));
        assertThat(record("retried").getString("state")).isEqualTo("QUEUED");
        assertThat(record("retried").getInteger("attempts")).isZero();

        // The retry's own job, queued at the record's time, is claimed.
        assertThat(this.store.claim(List.of(job("retried")), "worker-1", NOW, 3).runnable()).containsExactly("retried");
    }

    private void insert(String id, PredictionState state) {
        insert(id, state, 0);
    }

    private void insert(String id, PredictionState state, int attempts) {
        this.mongo.getCollection(PredictionRecord.COLLECTION)
            .insertOne(new Document("_id", id).append("state", state.name()).append("attempts", attempts)
                .append("queuedAt", Date.from(NOW)));
    }

    private Document record(String id) {
        return this.mongo.getCollection(PredictionRecord.COLLECTION).find(Filters.eq("_id", id)).first();
    }

    private static PredictionJob job(String id) {
        return new PredictionJob(id, "fashion", "uploads/fashion/" + id + ".png", "image/png", NOW, false);
    }

}
