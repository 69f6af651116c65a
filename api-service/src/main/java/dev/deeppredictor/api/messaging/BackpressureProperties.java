package dev.deeppredictor.api.messaging;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Backpressure, under {@code deep-predictor.backpressure}: a model whose queue already holds
 * {@code maxQueueDepth} jobs refuses new uploads with 429 and Retry-After, rather than accepting
 * work its predictors cannot finish in time.
 *
 * @param maxQueueDepth the depth at which uploads are refused, for every model
 * @param models per-model depths that replace {@code maxQueueDepth}, by model name
 * @param retryAfter what Retry-After tells refused clients
 * @param cacheFor how long a measured depth is reused, so that uploads do not each ask the broker
 */
@Validated
@ConfigurationProperties("deep-predictor.backpressure")
public record BackpressureProperties(@DefaultValue("10000") @Min(1) int maxQueueDepth, Map<String, Integer> models,
        @DefaultValue("5s") @NotNull Duration retryAfter, @DefaultValue("500ms") @NotNull Duration cacheFor) {

    public BackpressureProperties {
        models = (models != null) ? Map.copyOf(models) : Map.of();
    }

    int limitOf(String model) {
        return this.models.getOrDefault(model, this.maxQueueDepth);
    }

}
