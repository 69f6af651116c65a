package dev.deeppredictor.predictor.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Deletes finished prediction records older than the retention, every interval. A TTL index would
 * do this on a real MongoDB, but the embedded mongo-java-server ignores such indexes and its H2
 * file grows about 15 KB per job, so a long-running local or benchmark setup needs this sweep. The
 * sweep reads by an index on {@code finishedAt}, which it makes (the launcher's store serves it).
 * Records still queued or running are never touched; every predictor may run it, the delete is
 * idempotent.
 */
public final class RecordRetention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordRetention.class);

    private static final List<String> FINAL_STATES = Arrays.stream(PredictionState.values())
        .filter(PredictionState::isFinal)
        .map(Enum::name)
        .toList();

    private final MongoTemplate mongo;

    private final Duration keepFinished;

    private final Duration interval;

    private final Clock clock;

    private final ScheduledExecutorService timer;

    /** Whether the index the sweep reads by has been made; sweeps run on one thread. */
    private volatile boolean finishedIndexed;

    public RecordRetention(MongoTemplate mongo, Duration keepFinished, Duration interval, Clock clock) {
        this.mongo = mongo;
        this.keepFinished = keepFinished;
        this.interval = interval;
        this.clock = clock;
        CustomizableThreadFactory threads = new CustomizableThreadFactory("record-retention-");
        threads.setDaemon(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(threads);
    }

    /** Sweeps now and then every interval. */
    public void start() {
        log.info("event=retention_started keep_finished={} interval={}", this.keepFinished, this.interval);
        this.timer.scheduleWithFixedDelay(this::sweepQuietly, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return how many records were deleted */
    public long sweep() {
        indexFinished();
        Instant cutoff = this.clock.instant().minus(this.keepFinished);
        Query old = new Query(Criteria.where("state").in(FINAL_STATES).and("finishedAt").lt(cutoff));
        return this.mongo.remove(old, PredictionRecord.COLLECTION).getDeletedCount();
    }

    /**
     * Makes the index on {@code finishedAt} once, so that a sweep reads the records it deletes
     * rather than every record kept. Making an index that exists changes nothing; should MongoDB be
     * away, the next sweep tries again.
     */
    private void indexFinished() {
        if (!this.finishedIndexed) {
            this.mongo.indexOps(PredictionRecord.COLLECTION)
                .createIndex(new Index().on("finishedAt", Sort.Direction.ASC).named("finishedAt"));
            this.finishedIndexed = true;
        }
    }

    private void sweepQuietly() {
        try {
            long deleted = sweep();
            if (deleted > 0) {
                log.info("event=retention_swept deleted={} keep_finished={}", deleted, this.keepFinished);
            }
        }
        catch (RuntimeException ex) {
            // MongoDB away: the next sweep tries again; nothing depends on this one.
            log.warn("event=retention_failed error=\"{}\"", ex.getMessage());
        }
    }

    @Override
    public void close() {
        this.timer.shutdownNow();
    }

}
