package dev.deeppredictor.e2e.fault;

import java.util.Collection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

/**
 * The prediction records, read straight from MongoDB by the test: one query sees hundreds of
 * records at once, which the per-id API could not do fast enough to catch a batch in flight.
 * Timeouts are short so that a read during a store outage fails quickly instead of hanging.
 */
final class Records implements AutoCloseable {

    static final String COLLECTION = "predictions";

    private final MongoClient client;

    private final MongoCollection<Document> predictions;

    Records(String uri, String database) {
        MongoClientSettings settings = MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(2, TimeUnit.SECONDS))
            .applyToSocketSettings((socket) -> socket.connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS))
            .build();
        this.client = MongoClients.create(settings);
        this.predictions = this.client.getDatabase(database).getCollection(COLLECTION);
    }

    /** The records of these ids, with the fields that say how each one ended. */
    List<Snapshot> find(Collection<String> ids) {
        return this.predictions.find(Filters.in("_id", ids))
            .projection(Projections.include("state", "statusCode", "worker", "attempts", "error", "startedAt",
                    "finishedAt"))
            .map(Snapshot::of)
            .into(new ArrayList<>());
    }

    /** The jobs {@code worker} has claimed and not finished: its batch in flight. */
    Set<String> runningOn(String worker) {
        Set<String> ids = new HashSet<>();
        this.predictions.find(Filters.and(Filters.eq("state", "RUNNING"), Filters.eq("worker", worker)))
            .projection(Projections.include("_id"))
            .forEach((document) -> ids.add(document.getString("_id")));
        return ids;
    }

    @Override
    public void close() {
        this.client.close();
    }

}
