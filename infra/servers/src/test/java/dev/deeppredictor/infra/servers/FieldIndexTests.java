package dev.deeppredictor.infra.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.IndexKey;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secondary indexes on one field, on both backends of the launcher: every query must find what a
 * scan of the same documents finds, before and after updates and deletes (and, on H2, a restart),
 * while the services' own queries read only the documents that can match.
 */
class FieldIndexTests {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = { "h2", "memory" })
    void findsWhatAScanFindsThroughChanges(String backend) throws Exception {
        withDatabase(backend, (database) -> {
            MongoCollection<Document> indexed = database.getCollection("indexed");
            MongoCollection<Document> scanned = database.getCollection("scanned");
            indexed.createIndex(Indexes.ascending("state"));
            indexed.createIndex(Indexes.descending("finishedAt"));
            indexed.createIndex(Indexes.ascending("score"));
            for (MongoCollection<Document> collection : List.of(indexed, scanned)) {
                collection.insertMany(documents());
            }
            assertSameAnswers(indexed, scanned);

            for (MongoCollection<Document> collection : List.of(indexed, scanned)) {
                collection.updateMany(Filters.eq("state", "QUEUED"),
                        Updates.combine(Updates.set("state", "DONE"), Updates.set("finishedAt", date(50))));
                collection.updateOne(Filters.eq("_id", "d3"), Updates.unset("finishedAt"));
                collection.updateOne(Filters.eq("_id", "d4"), Updates.set("score", List.of(7, "x")));
                collection.updateOne(Filters.eq("_id", "d5"), Updates.set("score", 2.5));
                collection.deleteMany(Filters.and(Filters.in("state", "FAILED", "EXPIRED"),
                        Filters.lt("finishedAt", date(30))));
                collection.insertOne(new Document("_id", "late").append("state", "RUNNING").append("score", 3L));
            }
            assertSameAnswers(indexed, scanned);
            assertThat(ids(indexed, Filters.eq("state", "DONE"))).containsExactly("d0", "d12", "d14", "d18", "d2", "d8");
        });
    }

    @Test
    void isBuiltAgainFromTheFileWhenTheStoreReopens() throws Exception {
        Path file = this.dataDir.resolve("mongo.mv");
        EmbeddedMongo.withDatabase(IndexedBackends.h2(file.toString()), (database) -> {
            database.getCollection("indexed").createIndex(Indexes.ascending("finishedAt"),
                    new IndexOptions().name("finishedAt"));
            database.getCollection("indexed").insertMany(documents());
            database.getCollection("scanned").insertMany(documents());
        });
        EmbeddedMongo.withDatabase(IndexedBackends.h2(file.toString()), (database) -> {
            MongoCollection<Document> indexed = database.getCollection("indexed");
            MongoCollection<Document> scanned = database.getCollection("scanned");
            assertThat(indexed.listIndexes().map((index) -> index.getString("name")).into(new ArrayList<>()))
                .contains("finishedAt");
            assertThat(ids(indexed, Filters.lt("finishedAt", date(25)))).hasSize(7);
            assertSameAnswers(indexed, scanned);
            for (MongoCollection<Document> collection : List.of(indexed, scanned)) {
                collection.deleteMany(Filters.lt("finishedAt", date(25)));
            }
            assertThat(ids(indexed, Filters.lt("finishedAt", date(25)))).isEmpty();
            assertSameAnswers(indexed, scanned);
        });
    }

    @Test
    void servesTheServicesQueriesFromTheMatchingKeysOnly() {
        FieldIndex<Integer> publishedAt = new FieldIndex<>("publishedAt", List.of(new IndexKey("publishedAt", true)));
        FieldIndex<Integer> finishedAt = new FieldIndex<>("finishedAt", List.of(new IndexKey("finishedAt", true)));
        for (int position = 0; position < 1000; position++) {
            boolean unpublished = position % 250 == 0;
            de.bwaldvogel.mongo.bson.Document record = new de.bwaldvogel.mongo.bson.Document("_id", "r" + position)
                .append("state", unpublished ? "QUEUED" : "DONE");
            if (!unpublished) {
                record.append("publishedAt", T0.plusSeconds(position)).append("finishedAt", T0.plusSeconds(position + 1));
            }
            publishedAt.add(record, position, null);
            finishedAt.add(record, position, null);
        }
        // The API's reconciler: state QUEUED, publishedAt null, queuedAt before a time.
        de.bwaldvogel.mongo.bson.Document unpublished = new de.bwaldvogel.mongo.bson.Document("state", "QUEUED")
            .append("publishedAt", null)
            .append("queuedAt", new de.bwaldvogel.mongo.bson.Document("$lt", T0));
        // The predictor's retention: a final state, finishedAt before the cut-off.
        de.bwaldvogel.mongo.bson.Document old = new de.bwaldvogel.mongo.bson.Document("state",
                new de.bwaldvogel.mongo.bson.Document("$in", List.of("DONE", "FAILED", "EXPIRED")))
            .append("finishedAt", new de.bwaldvogel.mongo.bson.Document("$lt", T0.plusSeconds(101)));

        assertThat(publishedAt.canHandle(unpublished)).isTrue();
        assertThat(publishedAt.getPositions(unpublished)).containsExactly(0, 250, 500, 750);
        assertThat(finishedAt.canHandle(old)).isTrue();
        // Records 1..99 finished before the cut-off, 100 exactly at it (the range is taken inclusively);
        // the four without finishedAt are candidates of every query.
        assertThat(finishedAt.getPositions(old)).hasSize(4 + 100);
        // The same queries as the driver's Filters.and writes them.
        de.bwaldvogel.mongo.bson.Document anded = new de.bwaldvogel.mongo.bson.Document("$and",
                List.of(new de.bwaldvogel.mongo.bson.Document("state", "QUEUED"),
                        new de.bwaldvogel.mongo.bson.Document("publishedAt", null)));
        assertThat(publishedAt.canHandle(anded)).isTrue();
        assertThat(publishedAt.getPositions(anded)).containsExactly(0, 250, 500, 750);
    }

    @Test
    void leavesOtherConditionsToAScan() {
        FieldIndex<Integer> state = new FieldIndex<>("state", List.of(new IndexKey("state", true)));
        assertThat(state.canHandle(new de.bwaldvogel.mongo.bson.Document("worker", "w1"))).isFalse();
        for (String operator : List.of("$ne", "$nin", "$exists", "$regex", "$not")) {
            assertThat(state.canHandle(new de.bwaldvogel.mongo.bson.Document("state",
                    new de.bwaldvogel.mongo.bson.Document(operator, "QUEUED"))))
                .as(operator)
                .isFalse();
        }
        assertThat(state.canHandle(new de.bwaldvogel.mongo.bson.Document("state",
                new de.bwaldvogel.mongo.bson.Document("sub", 1)))).isFalse();
        assertThat(state.canHandle(new de.bwaldvogel.mongo.bson.Document("state", List.of("a")))).isFalse();
        assertThat(state.canHandle(new de.bwaldvogel.mongo.bson.Document("$or",
                List.of(new de.bwaldvogel.mongo.bson.Document("state", "a"))))).isFalse();
        assertThat(FieldIndex.serves(List.of(new IndexKey("a.b", true)), false)).isFalse();
        assertThat(FieldIndex.serves(List.of(new IndexKey("a", true), new IndexKey("b", true)), false)).isFalse();
        assertThat(FieldIndex.serves(List.of(new IndexKey("a", true)), true)).isFalse();
        assertThat(FieldIndex.serves(List.of(new IndexKey("a", false)), false)).isTrue();
    }

    private static void assertSameAnswers(MongoCollection<Document> indexed, MongoCollection<Document> scanned) {
        for (Bson query : queries()) {
            assertThat(ids(indexed, query)).as(query.toString()).isEqualTo(ids(scanned, query));
            assertThat(indexed.countDocuments(query)).as(query.toString()).isEqualTo(scanned.countDocuments(query));
        }
    }

    private static List<Bson> queries() {
        return List.of(Filters.eq("state", "QUEUED"), Filters.eq("state", null), Filters.eq("state", "NONE"),
                Filters.in("state", "DONE", "FAILED", "EXPIRED"), Filters.in("state", "QUEUED", null),
                Filters.and(Filters.eq("state", "QUEUED"), Filters.eq("publishedAt", null),
                        Filters.lt("queuedAt", date(5))),
                Filters.and(Filters.in("state", "DONE", "FAILED", "EXPIRED"), Filters.lt("finishedAt", date(30))),
                Filters.lt("finishedAt", date(30)), Filters.lte("finishedAt", date(30)),
                Filters.gt("finishedAt", date(30)), Filters.gte("finishedAt", date(30)),
                Filters.and(Filters.gt("finishedAt", date(10)), Filters.lt("finishedAt", date(60))),
                Filters.eq("finishedAt", null), Filters.eq("finishedAt", date(20)),
                Filters.eq("score", 1), Filters.eq("score", 1.0), Filters.in("score", 1, 1L, 1.0),
                Filters.eq("score", "1"), Filters.lt("score", 2), Filters.gte("score", 1.5), Filters.gt("score", "0"),
                Filters.lt("score", date(99)), Filters.eq("score", 7), Filters.eq("score", "x"),
                Filters.eq("score", true), Filters.gt("score", false), Filters.eq("score", null));
    }

    /** Values of every kind: strings, numbers of three types, booleans, dates, arrays, documents, null, none. */
    private static List<Document> documents() {
        List<Object> scores = Arrays.asList(1, 1L, 1.0, 1.5, "1", "2", true, date(3), List.of(1, 7),
                new Document("a", 1), null);
        List<String> states = Arrays.asList("QUEUED", "RUNNING", "DONE", "FAILED", "EXPIRED", null);
        List<Document> documents = new ArrayList<>();
        for (int n = 0; n < 24; n++) {
            Document document = new Document("_id", "d" + n).append("queuedAt", date(n));
            if (n % 7 != 6) {
                document.append("state", states.get(n % states.size()));
            }
            if (n % 4 != 0) {
                document.append("finishedAt", date(10 * (n % 9)));
            }
            if (n % 5 != 4) {
                document.append("score", scores.get(n % scores.size()));
            }
            if (n % 3 == 0) {
                document.append("publishedAt", date(n));
            }
            documents.add(document);
        }
        return documents;
    }

    private static Date date(int seconds) {
        return Date.from(T0.plusSeconds(seconds));
    }

    private static List<String> ids(MongoCollection<Document> collection, Bson query) {
        return collection.find(query)
            .map((document) -> document.getString("_id"))
            .into(new ArrayList<>())
            .stream()
            .sorted()
            .toList();
    }

    private void withDatabase(String backend, Consumer<MongoDatabase> test) throws IOException {
        EmbeddedMongo.withDatabase(backend.equals("h2") ? IndexedBackends.h2(this.dataDir.resolve("mongo.mv").toString())
                : IndexedBackends.memory(), test);
    }

}
