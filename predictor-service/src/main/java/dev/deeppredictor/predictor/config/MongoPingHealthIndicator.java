package dev.deeppredictor.predictor.config;

import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * MongoDB health by {@code ping}. It replaces Boot's own indicator (same bean name), whose
 * {@code hello} command the in-memory MongoDB used in tests and local runs rejects; {@code ping}
 * works on every server.
 */
@Component("mongoHealthIndicator")
class MongoPingHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    MongoPingHealthIndicator(MongoTemplate mongo) {
        super("MongoDB health check failed");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document reply = this.mongo.executeCommand(new Document("ping", 1));
        builder.up().withDetail("database", this.mongo.getDb().getName()).withDetail("ok", reply.get("ok"));
    }

}
