package dev.deeppredictor.api.prediction;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;
import dev.deeppredictor.model.StatusCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Prediction records in MongoDB, read and written without blocking (the bean: production's
 * database).
 */
@Component
public class PredictionStore {

    /** The most uploads one {@code publishedAt} update marks. */
    private static final int MAX_MARKS_PER_UPDATE = 256;

    private final ReactiveMongoTemplate mongo;

    private final GroupedWrites publishedMarks;

    /** Whether the index {@link #findUnpublished} reads by has been made (it is made once, on first use). */
    private final AtomicBoolean unpublishedIndexed = new AtomicBoolean();

    public PredictionStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
        this.publishedMarks = new GroupedWrites((ids) -> this.mongo
            .updateMulti(Query.query(Criteria.where("_id").in(ids)), new Update().set("publishedAt", Instant.now()),
                    PredictionRecord.COLLECTION)
            .then(), MAX_MARKS_PER_UPDATE);
    }

    /** Inserts a new record; fails with a duplicate-key error when the id is taken. */
    public Mono<PredictionRecord> insert(PredictionRecord record) {
        return this.mongo.insert(record, PredictionRecord.COLLECTION);
    }

    public Mono<PredictionRecord> find(String id) {
        return this.mongo.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION);
    }

    /**
     * Notes that the broker confirmed the record's job; completes once it is written. Marks made
     * while an update is under way go together in the next one, so that under load one MongoDB
     * update serves many uploads.
     */
    public Mono<Void> markPublished(String id) {
        return this.publishedMarks.add(id);
    }

    /** Records accepted before {@code before} whose job the broker never confirmed, oldest first. */
    public Flux<PredictionRecord> findUnpublished(Instant before, int limit) {
        Query unpublished = Query.query(Criteria.where("state").is(PredictionState.QUEUED)
            .and("publishedAt").is(null)
            .and("queuedAt").lt(before)).limit(limit);
        return indexUnpublished()
            .thenMany(this.mongo.find(unpublished, PredictionRecord.class, PredictionRecord.COLLECTION));
    }

    /**
     * Makes the index on {@code publishedAt}, which only records whose publish is not yet confirmed
     * lack: with it the reconciler's query reads those few records instead of every record kept.
     * Making an index that exists changes nothing; a failure (MongoDB away) is tried again next time.
     */
    private Mono<Void> indexUnpublished() {
        if (this.unpublishedIndexed.get()) {
            return Mono.empty();
        }
        return this.mongo.indexOps(PredictionRecord.COLLECTION)
            .createIndex(new Index().on("publishedAt", Sort.Direction.ASC).named("publishedAt"))
            .doOnSuccess((name) -> this.unpublishedIndexed.set(true))
            .then();
    }

    /** Deletes a record whose job was never published, taking back an upload that could not be queued. */
    public Mono<Void> deleteUnpublished(String id) {
        Query unpublished = Query.query(Criteria.where("_id").is(id).and("state").is(PredictionState.QUEUED)
            .and("publishedAt").is(null));
        return this.mongo.remove(unpublished, PredictionRecord.COLLECTION).then();
    }

    /**
     * Puts a given-up record (FAILED or EXPIRED) back to QUEUED with no attempts, for a replay of
     * its dead letter.
     */
    public Mono<Void> requeue(String id) {
        Query givenUp = Query.query(Criteria.where("_id").is(id).and("state").in(PredictionState.FAILED,
                PredictionState.EXPIRED));
        Update again = new Update().set("state", PredictionState.QUEUED)
            .set("statusCode", StatusCode.PREDICTING.code())
            .set("attempts", 0)
            .set("error", null)
            .set("finishedAt", null)
            .set("publishedAt", Instant.now());
        return this.mongo.updateFirst(givenUp, again, PredictionRecord.COLLECTION).then();
    }

    /** Ends a record that has not ended yet with an error. */
    public Mono<Void> fail(String id, StatusCode status, String reason) {
        Query notFinal = Query.query(Criteria.where("_id").is(id).and("state").in(PredictionState.QUEUED, PredictionState.RUNNING));
        Update update = new Update().set("state", PredictionState.FAILED)
            .set("statusCode", status.code())
            .set("error", reason)
            .set("finishedAt", Instant.now());
        return this.mongo.updateFirst(notFinal, update, PredictionRecord.COLLECTION).then();
    }

}
