package dev.deeppredictor.predictor.result;

import java.time.Instant;
import java.util.List;

import dev.deeppredictor.model.ModelInfo;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionState;
import dev.deeppredictor.model.StatusCode;

/**
 * How one job ended in this predictor, ready to be stored.
 *
 * @param job the job
 * @param state {@link PredictionState#SUCCEEDED}, {@link PredictionState#FAILED} or
 *     {@link PredictionState#EXPIRED}
 * @param status the seed's status code
 * @param predictions the result; empty when it never ran
 * @param label the most confident class or not-confident; null when it never ran
 * @param predictionTime seconds of engine time this image accounts for; null when it never ran
 * @param error why it failed; null when it succeeded
 * @param modelInfo what ran it
 * @param imageKey where the image is once the job is stored; null once removed
 * @param finishedAt when it ended
 */
public record JobOutcome(PredictionJob job, PredictionState state, StatusCode status, List<Prediction> predictions,
        String label, Double predictionTime, String error, ModelInfo modelInfo, String imageKey, Instant finishedAt) {

    public static JobOutcome succeeded(PredictionJob job, List<Prediction> predictions, String label,
            double predictionTime, ModelInfo modelInfo, Instant finishedAt) {
        return new JobOutcome(job, PredictionState.SUCCEEDED, StatusCode.DONE, List.copyOf(predictions), label,
                predictionTime, null, modelInfo, job.imageKey(), finishedAt);
    }

    public static JobOutcome failed(PredictionJob job, StatusCode status, String error, ModelInfo modelInfo,
            Instant finishedAt) {
        return new JobOutcome(job, PredictionState.FAILED, status, List.of(), null, null, error, modelInfo,
                job.imageKey(), finishedAt);
    }

    /** Not run: it waited in the queue longer than its time-to-live. */
    public static JobOutcome expired(PredictionJob job, String error, ModelInfo modelInfo, Instant finishedAt) {
        return new JobOutcome(job, PredictionState.EXPIRED, StatusCode.GENERAL_ERROR, List.of(), null, null, error,
                modelInfo, job.imageKey(), finishedAt);
    }

    /** The same outcome with the image at {@code key} ({@code null}: removed). */
    public JobOutcome withImageKey(String key) {
        return new JobOutcome(this.job, this.state, this.status, this.predictions, this.label, this.predictionTime,
                this.error, this.modelInfo, key, this.finishedAt);
    }

    /**
     * The image action failed: the seed's 530, keeping the predictions so that nothing computed is
     * lost, and the image where it was.
     */
    public JobOutcome imageActionFailed(String reason) {
        return new JobOutcome(this.job, PredictionState.FAILED, StatusCode.IMAGE_STORAGE_ERROR, this.predictions,
                this.label, this.predictionTime, reason, this.modelInfo, this.job.imageKey(), this.finishedAt);
    }

}
