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
 * @param state {@link PredictionState#SUCCEEDED} or {@link PredictionState#FAILED}
 * @param status the seed's status code
 * @param predictions the result; empty when it failed
 * @param predictionTime seconds of engine time this image accounts for; null when it never ran
 * @param error why it failed; null when it succeeded
 * @param modelInfo what ran it
 * @param finishedAt when it ended
 */
public record JobOutcome(PredictionJob job, PredictionState state, StatusCode status, List<Prediction> predictions,
        Double predictionTime, String error, ModelInfo modelInfo, Instant finishedAt) {

    public static JobOutcome succeeded(PredictionJob job, List<Prediction> predictions, double predictionTime,
            ModelInfo modelInfo, Instant finishedAt) {
        return new JobOutcome(job, PredictionState.SUCCEEDED, StatusCode.DONE, List.copyOf(predictions),
                predictionTime, null, modelInfo, finishedAt);
    }

    public static JobOutcome failed(PredictionJob job, StatusCode status, String error, ModelInfo modelInfo,
            Instant finishedAt) {
        return new JobOutcome(job, PredictionState.FAILED, status, List.of(), null, error, modelInfo, finishedAt);
    }

}
