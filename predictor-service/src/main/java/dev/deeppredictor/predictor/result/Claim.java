package dev.deeppredictor.predictor.result;

import java.util.Set;

/**
 * What claiming a batch found.
 *
 * @param runnable the ids now RUNNING by this worker: the ones to run
 * @param exhausted the ids not final that were already started {@code maxAttempts} times: poison
 *     jobs (each start ended in a crash or an unfinished batch), not to be started again
 */
public record Claim(Set<String> runnable, Set<String> exhausted) {
    /** Whether the job's record is open: to run, or to be given up. */
    public boolean holds(String predictionId) {
        return this.runnable.contains(predictionId) || this.exhausted.contains(predictionId);
    }

}
