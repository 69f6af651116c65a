package dev.deeppredictor.bench;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds and their percentiles in milliseconds. Percentiles are the
 * nearest-rank kind: p50 of 1..100 is 50, so a reported value was really observed.
 */
final class Latencies {

    private long[] samples = new long[1024];

    private int count;

    synchronized void add(long nanos) {
        if (this.count == this.samples.length) {
            this.samples = Arrays.copyOf(this.samples, this.count * 2);
        }
        this.samples[this.count++] = nanos;
    }

    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(this.samples, this.count);
        Arrays.sort(sorted);
        return new Summary(sorted.length, millis(percentile(sorted, 50)), millis(percentile(sorted, 95)),
                millis(percentile(sorted, 99)), millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
    }

    /** Nearest rank: the smallest sample with at least {@code p} percent of the samples at or below it. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    /** Percentiles in milliseconds, two decimals. */
    record Summary(int count, double p50, double p95, double p99, double max) {
    }

}
