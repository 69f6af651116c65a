package dev.deeppredictor.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The seed's {@code model_info} block of a result.
 *
 * @param method the model's method name (architecture)
 * @param modelId the model's numeric id
 * @param predictorBackend the engine that ran it
 */
public record ModelInfo(String method, @JsonProperty("model_id") int modelId,
        @JsonProperty("predictor_backend") String predictorBackend) {
}
