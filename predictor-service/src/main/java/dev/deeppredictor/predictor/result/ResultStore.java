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
import org.springframework.stereotype.Component;

/**
 * The prediction records in MongoDB, as a predictor changes them. Every write is guarded by "state
 * is not final", so a redelivered job can never overwrite a result that is already stored.
 */
@Component
public class ResultStore {

    private static final List<String> FINAL_STATES = Arrays.stream(PredictionState.values())
        .filter(PredictionState::isFinal)
        .map(Enum::name)
        .toList();

    private final MongoTemplate mongo;

    ResultStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Marks the jobs whose records exist and are not final as RUNNING by {@code worker}.
     * One round trip when every record is open (the usual case); only when some are missing or
     * already final does a second query find which ones this claim took.
     * @return the ids of those jobs: the ones to run
     */
    public Set<String> claim(List<PredictionJob> jobs, String worker, Instant now) throws InfrastructureException {
        List<String> ids = jobs.stream().map(PredictionJob::predictionId).toList();
        Query open = new Query(Criteria.where("_id").in(ids).and("state").nin(FINAL_STATES));
        Update running = new Update().set("state", PredictionState.RUNNING.name())
            .set("startedAt", now)
            .set("worker", worker)
            .inc("attempts", 1);
        try {
            long claimed = this.mongo.updateMulti(open, running, PredictionRecord.class, PredictionRecord.COLLECTION)
                .getMatchedCount();
            if (claimed == ids.size()) {
                return Set.copyOf(ids);
            }
            Set<String> runnable = new HashSet<>();
            if (claimed > 0) {
                // The same jobs cannot be in two batches of this worker at once, so "running by
                // this worker since now" names exactly the records this claim took.
                Query ours = new Query(Criteria.where("_id").in(ids)
                    .and("state").is(PredictionState.RUNNING.name())
                    .and("worker").is(worker)
                    .and("startedAt").is(now));
                ours.fields().include("_id");
                this.mongo.find(ours, Document.class, PredictionRecord.COLLECTION)
                    .forEach((document) -> runnable.add(document.getString("_id")));
            }
            return runnable;
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

}
