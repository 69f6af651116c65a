package dev.deeppredictor.predictor.result;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.mongodb.MongoException;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;
import dev.deeppredictor.predictor.InfrastructureException;
import org.bson.Document;

import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The prediction records in MongoDB, as a predictor changes them. Every write is guarded by "state
 * is not final", so a redelivered job can never overwrite a result that is already stored.
 */
public class ResultStore {

    private static final List<String> FINAL_STATES = Arrays.stream(PredictionState.values())
        .filter(PredictionState::isFinal)
        .map(Enum::name)
        .toList();

    private final MongoTemplate mongo;

    public ResultStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Marks the jobs whose records exist and are not final as RUNNING by {@code worker}, counting
     * the attempt, except those already started {@code maxAttempts} times. A record is a job's only
     * when it was queued at the job's time: a job left in the queue by an upload that the API took
     * back (the broker kept a message whose confirm was lost) must not take the record of the
     * client's retry, whose image may not be stored yet. One round trip when every record is open
     * and has attempts left (the usual case); only otherwise does a second query find which ones
     * this claim took and which are spent.
     */
    public Claim claim(List<PredictionJob> jobs, String worker, Instant now, int maxAttempts)
            throws InfrastructureException {
        List<String> ids = jobs.stream().map(PredictionJob::predictionId).toList();
        Update running = new Update().set("state", PredictionState.RUNNING.name())
            .set("startedAt", now)
            .set("worker", worker)
            .inc("attempts", 1);
        BulkOperations claims = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, PredictionRecord.class,
                PredictionRecord.COLLECTION);
        jobs.forEach((job) -> claims.updateOne(new Query(ofJob(job).and("state").nin(FINAL_STATES)
            .and("attempts").lt(maxAttempts)), running));
        try {
            if (claims.execute().getMatchedCount() == ids.size()) {
                return new Claim(Set.copyOf(ids), Set.of());
            }
            Map<String, PredictionJob> byId = jobs.stream()
                .collect(Collectors.toMap(PredictionJob::predictionId, Function.identity(), (first, second) -> first));
            Set<String> runnable = new HashSet<>();
            Set<String> exhausted = new HashSet<>();
            Query notFinal = new Query(Criteria.where("_id").in(ids).and("state").nin(FINAL_STATES));
            notFinal.fields().include("_id").include("attempts").include("worker").include("startedAt")
                .include("queuedAt");
            this.mongo.find(notFinal, Document.class, PredictionRecord.COLLECTION).forEach((document) -> {
                PredictionJob job = byId.get(document.getString("_id"));
                if (job == null || !sameQueuedAt(job, document)) {
                    return;
                }
                // The same jobs cannot be in two batches of this worker at once, so "running by
                // this worker since now" names exactly the records this claim took.
                boolean ours = worker.equals(document.getString("worker"))
                        && now.truncatedTo(ChronoUnit.MILLIS).equals(toInstant(document.get("startedAt")));
                Number attempts = document.get("attempts", Number.class);
                if (ours) {
                    runnable.add(job.predictionId());
                }
                else if (attempts != null && attempts.intValue() >= maxAttempts) {
                    exhausted.add(job.predictionId());
                }
            });
            return new Claim(runnable, exhausted);
        }
        catch (DataAccessException | MongoException ex) {
            throw new InfrastructureException("MongoDB failed to mark jobs running: " + ex.getMessage(), ex);
        }
    }

    /** The job's record: its id, and its queue time where the job carries one. */
    private static Criteria ofJob(PredictionJob job) {
        Criteria id = Criteria.where("_id").is(job.predictionId());
        return (job.queuedAt() != null) ? id.and("queuedAt").is(queuedAtMillis(job)) : id;
    }

    private static boolean sameQueuedAt(PredictionJob job, Document record) {
        return job.queuedAt() == null || queuedAtMillis(job).equals(toInstant(record.get("queuedAt")));
    }

    /** The job's queue time as MongoDB keeps it: to the millisecond. */
    private static Instant queuedAtMillis(PredictionJob job) {
        return job.queuedAt().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant toInstant(Object value) {
        return (value instanceof java.util.Date date) ? date.toInstant() : null;
    }

    /** Stores all outcomes with one unordered bulk write. */
    public void complete(List<JobOutcome> outcomes, String worker) throws InfrastructureException {
        if (outcomes.isEmpty()) {
            return;
        }
        BulkOperations bulk = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, PredictionRecord.class,
                PredictionRecord.COLLECTION);
        for (JobOutcome outcome : outcomes) {
            Query notFinal = new Query(Criteria.where("_id").is(outcome.job().predictionId())
                .and("state").nin(FINAL_STATES));
            Update result = new Update().set("state", outcome.state().name())
                .set("statusCode", outcome.status().code())
                .set("predictions", outcome.predictions())
                .set("label", outcome.label())
                .set("imageKey", outcome.imageKey())
                .set("predictionTime", outcome.predictionTime())
                .set("error", outcome.error())
                .set("modelInfo", outcome.modelInfo())
                .set("worker", worker)
                .set("finishedAt", outcome.finishedAt());
            bulk.updateOne(notFinal, result);
        }
        try {
            bulk.execute();
        }
        catch (DataAccessException | MongoException ex) {
            throw new InfrastructureException("MongoDB failed to store results: " + ex.getMessage(), ex);
        }
    }

    /**
     * Turns stored results into the seed's 530 after their image action failed, keeping their
     * predictions and pointing back at the image where it still is.
     */
    public void imageActionFailed(List<JobOutcome> outcomes, String worker) throws InfrastructureException {
        if (outcomes.isEmpty()) {
            return;
        }
        BulkOperations bulk = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, PredictionRecord.class,
                PredictionRecord.COLLECTION);
        for (JobOutcome outcome : outcomes) {
            Query ours = new Query(Criteria.where("_id").is(outcome.job().predictionId()).and("worker").is(worker));
            bulk.updateOne(ours, new Update().set("state", outcome.state().name())
                .set("statusCode", outcome.status().code())
                .set("error", outcome.error())
                .set("imageKey", outcome.imageKey()));
        }
        try {
            bulk.execute();
        }
        catch (DataAccessException | MongoException ex) {
            throw new InfrastructureException("MongoDB failed to store image action failures: " + ex.getMessage(), ex);
        }
    }

}
