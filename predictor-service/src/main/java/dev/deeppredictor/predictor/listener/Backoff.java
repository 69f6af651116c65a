package dev.deeppredictor.predictor.listener;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exponential backoff for batches hit by an outage: the first retry waits {@code initial}, each
 * further failure in a row doubles the pause up to {@code max}, and one success starts over.
 * Shared by the consumer threads of one model, since an outage hits them all.
 */
final class Backoff {

    private final Duration initial;

    private final Duration max;

    private final AtomicInteger failuresInARow = new AtomicInteger();

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The pause before the retry of a batch that just failed. */
    Duration failed() {
        int failures = this.failuresInARow.incrementAndGet();
        long millis = this.initial.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, this.max.toMillis()));
    }

    void succeeded() {
        this.failuresInARow.set(0);
    }

}
