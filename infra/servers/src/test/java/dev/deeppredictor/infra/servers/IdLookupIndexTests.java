package dev.deeppredictor.infra.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Queries by {@code _id} plus other fields, as the services make them, on both backends of the
 * launcher: the {@code _id} lookup must find the same documents that a scan would.
 */
class IdLookupIndexTests {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = { "h2", "memory" })
    void conditionalUpdatesByIdTouchOnlyTheDocumentsThatMatchEveryField(String backend) throws Exception {
        withCollection(backend, (predictions) -> {
            predictions.insertMany(List.of(record("a", "QUEUED"), record("b", "SUCCEEDED"), record("c", "RUNNING"),
                    record("d", "QUEUED")));
            Bson notFinal = Filters.nin("state", "SUCCEEDED", "FAILED", "EXPIRED");

            long claimed = predictions.updateMany(Filters.and(Filters.in("_id", "a", "b", "c", "missing"), notFinal),
                    Updates.combine(Updates.set("state", "RUNNING"), Updates.inc("attempts", 1))).getModifiedCount();
            long finished = predictions.updateOne(Filters.and(Filters.eq("_id", "b"), notFinal),
                    Updates.set("state", "FAILED")).getModifiedCount();

            assertThat(claimed).isEqualTo(2);
            assertThat(finished).isZero();
            assertThat(states(predictions)).containsExactly("a=RUNNING/1", "b=SUCCEEDED/0", "c=RUNNING/1",
                    "d=QUEUED/0");
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "memory" })
    void findsAndDeletesByIdWithFurtherConditions(String backend) throws Exception {
        withCollection(backend, (predictions) -> {
            predictions.insertMany(List.of(record("a", "QUEUED"), record("b", "QUEUED").append("worker", "w1"),
                    record("c", "SUCCEEDED")));

            assertThat(predictions.find(Filters.and(Filters.in("_id", "a", "b", "c"), Filters.eq("state", "QUEUED")))
                .map((document) -> document.getString("_id"))
                .into(new java.util.ArrayList<>())).containsExactlyInAnyOrder("a", "b");
            assertThat(predictions.find(Filters.and(Filters.eq("_id", "b"), Filters.eq("worker", "w2"))).first())
                .isNull();
            assertThat(predictions.deleteOne(Filters.and(Filters.eq("_id", "c"), Filters.eq("state", "QUEUED")))
                .getDeletedCount()).isZero();
            assertThat(predictions.deleteOne(Filters.and(Filters.eq("_id", "a"), Filters.exists("publishedAt", false)))
                .getDeletedCount()).isEqualTo(1);
            assertThat(states(predictions)).containsExactly("b=QUEUED/0", "c=SUCCEEDED/0");
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "memory" })
    void stillRefusesADuplicateId(String backend) throws Exception {
        withCollection(backend, (predictions) -> {
            predictions.insertOne(record("a", "QUEUED"));
            assertThatExceptionOfType(com.mongodb.MongoWriteException.class)
                .isThrownBy(() -> predictions.insertOne(record("a", "RUNNING")));
            assertThat(predictions.countDocuments(Filters.and(Filters.eq("_id", "a"), Filters.eq("state", "QUEUED"))))
                .isEqualTo(1);
            return null;
        });
    }

    @org.junit.jupiter.api.Test
    void findsTheIdConditionOnTheTopLevelOrInATopLevelAnd() {
        de.bwaldvogel.mongo.bson.Document in = new de.bwaldvogel.mongo.bson.Document("$in", List.of("a", "b"));
        de.bwaldvogel.mongo.bson.Document flat = new de.bwaldvogel.mongo.bson.Document("_id", in).append("state", "QUEUED");
        de.bwaldvogel.mongo.bson.Document anded = new de.bwaldvogel.mongo.bson.Document("$and",
                List.of(new de.bwaldvogel.mongo.bson.Document("state", "QUEUED"),
                        new de.bwaldvogel.mongo.bson.Document("_id", "a")));
        de.bwaldvogel.mongo.bson.Document noId = new de.bwaldvogel.mongo.bson.Document("$or",
                List.of(new de.bwaldvogel.mongo.bson.Document("_id", "a")));

        assertThat(IdLookupIndex.idPart(flat)).isEqualTo(new de.bwaldvogel.mongo.bson.Document("_id", in));
        assertThat(IdLookupIndex.idPart(anded)).isEqualTo(new de.bwaldvogel.mongo.bson.Document("_id", "a"));
        assertThat(IdLookupIndex.idPart(noId)).isNull();
    }

    private void withCollection(String backend, Function<MongoCollection<Document>, Void> test) throws IOException {
        MongoBackend store = backend.equals("h2") ? IndexedBackends.h2(dataDir.resolve("mongo.mv").toString())
                : IndexedBackends.memory();
        EmbeddedMongo.withDatabase(store, (database) -> test.apply(database.getCollection("predictions")));
    }

    private static Document record(String id, String state) {
        return new Document("_id", id).append("state", state).append("attempts", 0);
    }

    private static List<String> states(MongoCollection<Document> predictions) {
        return predictions.find()
            .sort(new Document("_id", 1))
            .map((document) -> document.getString("_id") + "=" + document.getString("state") + "/"
                    + document.getInteger("attempts"))
            .into(new java.util.ArrayList<>());
    }

}
