package dev.deeppredictor.model;

import java.time.Instant;
import java.util.List;

/**
 * The stored document of one prediction, in the {@value #COLLECTION} collection. The API inserts
 * it as {@link PredictionState#QUEUED}; a predictor completes it.
 *
 * @param id the prediction id
 * @param model the model name
 * @param state the named state
 * @param statusCode the seed's numeric status
 * @param imageKey where the image is in the object store; null once removed by the model's image action
 * @param contentType the image's media type
 * @param clientId the optional client-supplied idempotency key
 * @param modelInfo what ran the prediction
 * @param predictions the result, empty until it succeeds
 * @param label the most confident class, or {@link ImageLabel#NOT_CONFIDENT}; null until it succeeds
 * @param predictionTime seconds the inference took
 * @param error a human-readable reason when it failed
 * @param worker which predictor process ran it
 * @param attempts how many times a predictor started it
 * @param queuedAt when it was accepted
 * @param startedAt when a predictor started it
 * @param finishedAt when it ended
 * @param caller who uploaded it: the api key holder's name, or "recaptcha"
 * @param imageDigest the SHA-256 of the uploaded image in hex when the client chose the id (a
 *     prediction id or a client id), null for a generated id; with the caller and the model it
 *     tells a repeated upload (answered with this record) from a clash of ids
 * @param publishedAt when the broker confirmed the job; null until then, which is how jobs whose
 *     API died before the publish are found and published again
 */
public record PredictionRecord(String id, String model, PredictionState state, int statusCode,
        String imageKey, String contentType, String clientId, ModelInfo modelInfo,
        List<Prediction> predictions, String label, Double predictionTime, String error, String worker,
        int attempts, Instant queuedAt, Instant startedAt, Instant finishedAt, String caller, String imageDigest,
        Instant publishedAt) {

    /** The MongoDB collection holding the records. */
    public static final String COLLECTION = "predictions";

    /** A new record for an accepted upload, not yet published. */
    public static PredictionRecord queued(PredictionJob job, String clientId, String caller, String imageDigest) {
        return new PredictionRecord(job.predictionId(), job.model(), PredictionState.QUEUED,
                StatusCode.PREDICTING.code(), job.imageKey(), job.contentType(), clientId, null, List.of(),
                null, null, null, null, 0, job.queuedAt(), null, null, caller, imageDigest, null);
    }

    /** A new record for a job sent by some other means than the API (tests, tools). */
    public static PredictionRecord queued(PredictionJob job, String clientId) {
        return queued(job, clientId, null, null);
    }

    /** The job this record was accepted for. */
    public PredictionJob job(boolean test) {
        return new PredictionJob(this.id, this.model, this.imageKey, this.contentType, this.queuedAt, test);
    }

}
