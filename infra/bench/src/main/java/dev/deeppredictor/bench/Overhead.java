package dev.deeppredictor.bench;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

/**
 * The pipeline's own share of a job's latency: from the upload accepted to the result readable
 * (its event seen), minus the inference time the predictor recorded for the job.
 */
final class Overhead {

    private final String mongoUri;

    /** @param mongoUri the pipeline's database, {@code mongodb://host:port/db} */
    Overhead(String mongoUri) {
        this.mongoUri = mongoUri;
    }

    Latencies.Summary of(LoadDriver.Result load) {
        Latencies overhead = new Latencies();
        String database = this.mongoUri.substring(this.mongoUri.lastIndexOf('/') + 1);
        try (MongoClient client = MongoClients.create(this.mongoUri)) {
            List<String> ids = new ArrayList<>(load.measuredIds());
            client.getDatabase(database)
                .getCollection("predictions")
                .find(Filters.in("_id", ids))
                .projection(Projections.include("predictionTime"))
                .forEach((Document record) -> {
                    String id = record.getString("_id");
                    Number seconds = (Number) record.get("predictionTime");
                    long inferenceNanos = seconds == null ? 0 : (long) (seconds.doubleValue() * 1e9);
                    overhead.add(load.finishedAt().get(id) - load.acceptedAt().get(id) - inferenceNanos);
                });
        }
        return overhead.summary();
    }

}
