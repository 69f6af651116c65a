package dev.deeppredictor.infra.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.BsonBinarySubType;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The launcher's H2 file keeps documents as BSON: every kind of value comes back as it went in
 * after the store is closed and opened again, and a file of the old format (mongo-java-server's own,
 * Java serialisation) is converted once, keeping the old file.
 */
class H2DocumentFormatTests {

    private static final Instant T0 = Instant.parse("2026-12-01T10:15:30.123Z");

    @TempDir
    Path dataDir;

    @Test
    void everyKindOfValueComesBackAfterAReopen() throws Exception {
        Path file = this.dataDir.resolve("mongo.mv");
        List<Document> written = new ArrayList<>();
        EmbeddedMongo.withDatabase(IndexedBackends.h2(file.toString()), (database) -> {
            database.getCollection("values").insertMany(values());
            written.addAll(all(database.getCollection("values")));
        });
        EmbeddedMongo.withDatabase(IndexedBackends.h2(file.toString()), (database) -> {
            MongoCollection<Document> values = database.getCollection("values");
            assertThat(all(values)).isEqualTo(written).hasSize(values().size());
            assertIdsLookedUpAndUnique(values);
        });
        Document first = written.stream().filter((document) -> "v1".equals(document.get("_id"))).findFirst().orElseThrow();
        assertThat(first.get("nested", Document.class).getList("list", Object.class)).hasSize(3);
        assertThat(first.getDate("date")).isEqualTo(Date.from(T0));
        assertThat(Files.exists(file.resolveSibling("mongo.mv.java-serialised"))).as("converted").isFalse();
    }

    @Test
    void aFileOfTheOldFormatIsConvertedOnceAndKept() throws Exception {
        Path file = this.dataDir.resolve("mongo.mv");
        List<Document> written = new ArrayList<>();
        EmbeddedMongo.withDatabase(new H2Backend(file.toString()), (database) -> {
            database.getCollection("predictions").insertMany(values());
            database.getCollection("other").insertOne(new Document("_id", "x").append("n", 1));
            written.addAll(all(database.getCollection("predictions")));
        });
        long oldSize = Files.size(file);

        EmbeddedMongo.withDatabase(IndexedBackends.h2(file.toString()), (database) -> {
            MongoCollection<Document> predictions = database.getCollection("predictions");
            assertThat(all(predictions)).isEqualTo(written);
            assertThat(database.getCollection("other").countDocuments()).isEqualTo(1);
            // The converted store takes new documents and indexes as any other.
            predictions.createIndex(Indexes.ascending("state"));
            predictions.insertOne(new Document("_id", "new").append("state", "QUEUED"));
            assertThat(predictions.find(Filters.eq("state", "QUEUED")).map((document) -> document.get("_id"))
                .into(new ArrayList<>())).containsExactlyInAnyOrder("v1", "new");
            assertIdsLookedUpAndUnique(predictions);
        });
        Path kept = file.resolveSibling("mongo.mv.java-serialised");
        assertThat(kept).exists();
        assertThat(Files.size(kept)).isEqualTo(oldSize);

        EmbeddedMongo.withDatabase(IndexedBackends.h2(file.toString()), (database) -> {
            assertThat(database.getCollection("predictions").countDocuments()).isEqualTo(written.size() + 1);
        });
        assertThat(Files.size(kept)).as("converted only once").isEqualTo(oldSize);
    }

    /** The {@code _id} index (its keys kept as BSON) finds each kind of id and still refuses a second one. */
    private static void assertIdsLookedUpAndUnique(MongoCollection<Document> collection) {
        for (Object id : List.of("v1", new ObjectId("65a1b2c3d4e5f60718293a4c"), 7)) {
            assertThat(collection.find(Filters.eq("_id", id)).first()).as("id %s", id).isNotNull();
            assertThatExceptionOfType(MongoWriteException.class).as("id %s", id)
                .isThrownBy(() -> collection.insertOne(new Document("_id", id)));
        }
        assertThat(collection.find(Filters.eq("_id", "v2")).first()).isNull();
    }

    private static List<Document> values() {
        Document nested = new Document("list", List.of(1, "two", new Document("three", 3.0)))
            .append("empty", new Document());
        return List.of(
                new Document("_id", "v1").append("state", "QUEUED").append("int", 42).append("long", 1L << 40)
                    .append("double", 0.25).append("bool", true).append("null", null).append("date", Date.from(T0))
                    .append("objectId", new ObjectId("65a1b2c3d4e5f60718293a4b")).append("nested", nested),
                new Document("_id", new ObjectId("65a1b2c3d4e5f60718293a4c"))
                    .append("uuid", new Binary(BsonBinarySubType.UUID_STANDARD, new byte[16]))
                    .append("binary", new Binary(new byte[] { 0, 1, (byte) 255 }))
                    .append("decimal", Decimal128.parse("1234.5678")).append("timestamp", new BsonTimestamp(1700000000, 7))
                    .append("regex", new BsonRegularExpression("^a.c$", "i")).append("min", new MinKey())
                    .append("max", new MaxKey()).append("text", "ünïcødé ✓").append("predictions", List.of()),
                new Document("_id", 7).append("state", "SUCCEEDED").append("finishedAt", Date.from(T0.plusSeconds(5))));
    }

    private static List<Document> all(MongoCollection<Document> collection) {
        return collection.find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

}
