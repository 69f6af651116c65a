package dev.deeppredictor.e2e.fault;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Catches a predictor in the middle of a batch: freezes it again and again until its jobs are
 * claimed (RUNNING by it) and not yet stored, then leaves it frozen there. What a test does to it
 * next (SIGKILL, SIGTERM) happens to a process that is truly mid-batch, not merely holding messages.
 */
final class InFlight {

    private InFlight() {
    }

    /** @return the ids of the batch in flight; the predictor is left frozen */
    static Set<String> catchBatch(FaultStack.Predictor predictor, Records records, Duration atMost) {
        AtomicReference<Set<String>> caught = new AtomicReference<>();
        await(predictor.worker() + " caught with a batch in flight").atMost(atMost).pollInterval(Duration.ofMillis(15))
            .until(() -> {
                Signals.freeze(predictor.pid());
                Set<String> running = records.runningOn(predictor.worker());
                // Read twice: a result write already on its way to MongoDB when the process froze
                // lands between the two reads, and that batch is not in flight any more.
                if (!running.isEmpty() && running.equals(records.runningOn(predictor.worker()))) {
                    caught.set(running);
                    return true;
                }
                Signals.thaw(predictor.pid());
                return false;
            });
        return caught.get();
    }

}
