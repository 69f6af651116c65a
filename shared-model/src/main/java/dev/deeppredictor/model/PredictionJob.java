package dev.deeppredictor.model;

import java.time.Instant;

/**
 * The message the API publishes for a predictor: which image, which model. The image stays in the
 * object store; only its key travels.
 *
 * @param predictionId the client's or the API's id of the prediction
 * @param model the model name, also the routing key
 * @param imageKey the object key of the uploaded image
 * @param contentType the image's media type as detected from its content
 * @param queuedAt when the API accepted the upload
 * @param test whether the job belongs to the test API (test database and storage)
 */
public record PredictionJob(String predictionId, String model, String imageKey, String contentType,
        Instant queuedAt, boolean test) {
}
