package dev.deeppredictor.predictor.config;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the predictor itself.
 *
 * @param configDir the folder holding {@code models/*.yml} and the artifacts they name
 * @param workerId the name this process writes into the results it produces; defaults to
 *     {@code <hostname>-<pid>}
 * @param maxImagePixels images with more pixels than this (read from the header) are refused
 * @param fetchThreads how many images are fetched and decoded at the same time
 * @param retryPause how long a batch waits before it goes back to the queue after MongoDB or the
 *     object store failed, so that an outage does not turn into a tight redelivery loop; doubled
 *     after each further failure in a row, up to {@code retryPauseMax}
 * @param retryPauseMax the longest pause between retries during an outage; kept well below
 *     {@code spring.lifecycle.timeout-per-shutdown-phase}, since a batch waiting out its pause is
 *     still in hand when the predictor is asked to stop
 * @param maxAttempts how many times a job may be started: a job whose every start ended without a
 *     stored result (it crashed its worker, or its worker was killed) fails with 550 and goes to
 *     the dead letters after this many; outages of MongoDB or the object store do not count
 * @param jobTtl how long a job may wait in its queue; older jobs end EXPIRED instead of running
 *     late
 * @param testDatabase the MongoDB database of the test API's predictions (test models), kept apart
 *     from production's
 */
@Validated
@ConfigurationProperties("deep-predictor")
public record PredictorProperties(@NotBlank @DefaultValue("config") String configDir, String workerId,
        @Min(1) @DefaultValue("40000000") long maxImagePixels, @Min(1) @Max(64) @DefaultValue("4") int fetchThreads,
        @NotNull @DefaultValue("1s") Duration retryPause, @NotNull @DefaultValue("10s") Duration retryPauseMax,
        @Min(1) @DefaultValue("3") int maxAttempts, @NotNull @DefaultValue("15m") Duration jobTtl,
        @NotBlank @DefaultValue("deep_predictor_test") String testDatabase) {

    public PredictorProperties {
        if (workerId == null || workerId.isBlank()) {
            workerId = hostName() + "-" + ManagementFactory.getRuntimeMXBean().getPid();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            return "predictor";
        }
    }

}
