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
        AtomicReference<Set<String>> seen = new AtomicReference<>(Set.of());
        await(predictor.worker() + " caught with a batch in flight").atMost(atMost).pollInterval(Duration.ofMillis(40))
            .until(() -> {
                Set<String> before = seen.get();
                if (before.isEmpty()) {
                    Signals.freeze(predictor.pid());
                    Set<String> running = records.runningOn(predictor.worker());
                    if (running.isEmpty()) {
                        Signals.thaw(predictor.pid());
                    }
                    // Frozen with a batch claimed: look once more at the next poll.
                    seen.set(running);
                    return false;
                }
                // Still frozen since the last look: a result write that was already on its way to
                // MongoDB has landed by now, and then that batch was not in flight any more.
                if (records.runningOn(predictor.worker()).equals(before)) {
                    return true;
                }
                seen.set(Set.of());
                Signals.thaw(predictor.pid());
                return false;
            });
        return seen.get();
    }

}
