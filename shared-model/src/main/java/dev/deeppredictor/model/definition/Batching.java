package dev.deeppredictor.model.definition;

/**
 * Micro-batching of one model's jobs: up to {@code size} jobs run together; a batch is closed when
 * no further job arrives within {@code maxDelayMs}, so a lone job does not wait longer than that.
 *
 * @param size the largest batch
 * @param maxDelayMs how long to wait for the next job of a batch
 */
public record Batching(int size, long maxDelayMs) {
}
