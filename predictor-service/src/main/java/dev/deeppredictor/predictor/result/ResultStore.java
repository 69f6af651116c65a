package dev.deeppredictor.predictor.result;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
     * the attempt, except those already started {@code maxAttempts} times.
     */
    public Claim claim(List<PredictionJob> jobs, String worker, Instant now, int maxAttempts)
            throws InfrastructureException {
        List<String> ids = jobs.stream().map(PredictionJob::predictionId).toList();
        Query open = new Query(Criteria.where("_id").in(ids).and("state").nin(FINAL_STATES));
        open.fields().include("_id").include("attempts");
        try {
            Set<String> runnable = new HashSet<>();
            Set<String> exhausted = new HashSet<>();
            this.mongo.find(open, Document.class, PredictionRecord.COLLECTION).forEach((document) -> {
                Number attempts = document.get("attempts", Number.class);
                boolean spent = attempts != null && attempts.intValue() >= maxAttempts;
                (spent ? exhausted : runnable).add(document.getString("_id"));
            });
            if (!runnable.isEmpty()) {
                Query claim = new Query(Criteria.where("_id").in(runnable).and("state").nin(FINAL_STATES));
                Update running = new Update().set("state", PredictionState.RUNNING.name())
                    .set("startedAt", now)
                    .set("worker", worker)
                    .inc("attempts", 1);
                this.mongo.updateMulti(claim, running, PredictionRecord.class, PredictionRecord.COLLECTION);
            }
            return new Claim(runnable, exhausted);
        }
        catch (DataAccessException | MongoException ex) {
            throw new InfrastructureException("MongoDB failed to mark jobs running: " + ex.getMessage(), ex);
        }
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
