package dev.deeppredictor.infra.servers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2 writes the launcher's documents to its file while updates change them: an update that adds
 * and removes fields, run while the store writes again and again, leaves the store open, every
 * update applied, and the file holding the last state. Before the collection handed out copies,
 * the writer met a document changing under it and H2 closed the store.
 */
class IsolatedH2CollectionTests {

    private static final int DOCUMENTS = 100;

    private static final int FIELDS = 40;

    private static final int UPDATES = 300;

    @TempDir
    Path dataDir;

    @Test
    void updatesThatAddAndRemoveFieldsRunWhileTheStoreWrites() throws Exception {
        Path file = this.dataDir.resolve("mongo.mv");
        H2Backend backend = IndexedBackends.h2(file.toString());
        MVStore store = backend.getMvStore();
        List<Throwable> writerFailures = new CopyOnWriteArrayList<>();
        AtomicInteger writes = new AtomicInteger();
        EmbeddedMongo.withDatabase(backend, (database) -> {
            MongoCollection<Document> records = database.getCollection("predictions");
            records.insertMany(documents());
            AtomicBoolean updating = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                while (updating.get() && !store.isClosed()) {
                    try {
                        store.commit();
                        writes.incrementAndGet();
                    }
                    catch (RuntimeException ex) {
                        writerFailures.add(ex);
                        return;
                    }
                }
            }, "test-h2-writer");
            writer.start();
            try {
                for (int round = 0; round < UPDATES; round++) {
                    // A field added to every document, and the one added before removed: both change
                    // the documents' maps, not only their values.
                    records.updateMany(Filters.empty(), Updates.combine(Updates.set("added" + round, round),
                            Updates.unset("added" + (round - 1)), Updates.set("round", round)));
                    // One document found by its _id, as the services' claims and results are.
                    records.updateOne(Filters.eq("_id", "d" + (round % DOCUMENTS)),
                            Updates.combine(Updates.set("claimed" + round, true), Updates.unset("claimed" + (round - 1))));
                }
            }
            finally {
                updating.set(false);
                join(writer);
            }
            assertThat(writerFailures).as("the writer's failures").isEmpty();
            assertThat(store.isClosed()).as("store closed").isFalse();
            assertThat(records.countDocuments(Filters.eq("round", UPDATES - 1))).isEqualTo(DOCUMENTS);
        });
        assertThat(writes.get()).as("writes during the updates").isGreaterThan(10);

        EmbeddedMongo.withDatabase(IndexedBackends.h2(file.toString()), (database) -> {
            List<Document> reopened = database.getCollection("predictions").find().sort(Sorts.ascending("_id"))
                .into(new ArrayList<>());
            assertThat(reopened).hasSize(DOCUMENTS);
            int last = UPDATES - 1;
            for (Document document : reopened) {
                assertThat(document.getInteger("round")).isEqualTo(last);
                assertThat(document.getInteger("added" + last)).isEqualTo(last);
                assertThat(document).doesNotContainKey("added" + (last - 1)).containsKey("field" + (FIELDS - 1));
            }
            assertThat(reopened.stream().filter((document) -> document.containsKey("claimed" + last)))
                .extracting((document) -> document.get("_id"))
                .containsExactly("d" + (last % DOCUMENTS));
        });
    }

    private static List<Document> documents() {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            Document document = new Document("_id", "d" + i);
            for (int field = 0; field < FIELDS; field++) {
                document.append("field" + field, "value " + field + " of document " + i);
            }
            documents.add(document.append("nested", new Document("list", List.of(1, 2, new Document("x", i)))));
        }
        return documents;
    }

    private static void join(Thread thread) {
        try {
            thread.join(30_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
