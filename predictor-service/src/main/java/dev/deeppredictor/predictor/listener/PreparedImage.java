package dev.deeppredictor.predictor.listener;

import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.StatusCode;

/**
 * A job's image ready for the engine, or the reason it never will be.
 *
 * @param job the job
 * @param input the model input; null when the image failed
 * @param failure the status the job fails with; null when the image is ready
 * @param error what went wrong, for the record; null when the image is ready
 */
record PreparedImage(PredictionJob job, float[] input, StatusCode failure, String error) {

    static PreparedImage ready(PredictionJob job, float[] input) {
        return new PreparedImage(job, input, null, null);
    }

    static PreparedImage failed(PredictionJob job, StatusCode failure, String error) {
        return new PreparedImage(job, null, failure, error);
    }

    boolean isReady() {
        return this.input != null;
    }

}
