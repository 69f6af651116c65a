package dev.deeppredictor.api.messaging;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The reconciler, under {@code deep-predictor.reconciler}.
 *
 * @param interval how often it looks for unpublished jobs
 * @param grace how old an unpublished record must be before it counts as left behind; longer than
 *     any upload takes, so that uploads in progress are not published twice
 * @param batch the most records published per round
 */
@Validated
@ConfigurationProperties("deep-predictor.reconciler")
public record ReconcilerProperties(@DefaultValue("10s") @NotNull Duration interval,
        @DefaultValue("30s") @NotNull Duration grace, @DefaultValue("500") @Min(1) int batch) {
}
