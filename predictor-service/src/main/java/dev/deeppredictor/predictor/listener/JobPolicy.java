package dev.deeppredictor.predictor.listener;

import java.time.Duration;

/**
 * How long jobs may wait and how often they may be started.
 *
 * @param maxAttempts how many times a job may be started before it counts as poison
 * @param jobTtl how long a job may wait in its queue before it is expired instead of run
 */
record JobPolicy(int maxAttempts, Duration jobTtl) {
}
