package dev.deeppredictor.api.messaging;

import java.time.Duration;

/** A model's queue is at its depth limit: the upload is refused with 429 and Retry-After. */
public class QueueFullException extends RuntimeException {

    private final Duration retryAfter;

    QueueFullException(String model, long depth, int limit, Duration retryAfter) {
        super("The queue of model " + model + " holds " + depth + " jobs, at its limit of " + limit
                + "; retry in " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return this.retryAfter;
    }

}
