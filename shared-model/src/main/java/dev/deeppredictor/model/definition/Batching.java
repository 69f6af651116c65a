package dev.deeppredictor.model.definition;

/**
 * Micro-batching of one model's jobs: up to {@code size} of the jobs already received run together,
 * so a lone job runs at once; a batch that found more than one job waiting waits up to
 * {@code maxDelayMs} for the rest of the burst.
 *
 * @param size the largest batch
 * @param maxDelayMs how long a batch with company waits for further jobs (0: never)
 */
public record Batching(int size, long maxDelayMs) {
}
