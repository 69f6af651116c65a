package dev.deeppredictor.model;

/**
 * Published to the result exchange when a prediction ends, so that interested services need not
 * poll MongoDB. Small on purpose: the record holds the result.
 *
 * @param predictionId the prediction id
 * @param model the model name, also the routing key
 * @param state SUCCEEDED or FAILED
 * @param statusCode the seed's status code
 */
public record ResultEvent(String predictionId, String model, PredictionState state, int statusCode) {
}
