package dev.deeppredictor.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTests {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        Latencies latencies = new Latencies();
        for (int ms = 100; ms >= 1; ms--) {
            latencies.add(ms * 1_000_000L);
        }
        Latencies.Summary summary = latencies.summary();
        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50()).isEqualTo(50.0);
        assertThat(summary.p95()).isEqualTo(95.0);
        assertThat(summary.p99()).isEqualTo(99.0);
        assertThat(summary.max()).isEqualTo(100.0);
    }

    @Test
    void aSingleSampleIsEveryPercentileAndNoSampleIsZero() {
        Latencies one = new Latencies();
        one.add(1_234_567);
        assertThat(one.summary()).isEqualTo(new Latencies.Summary(1, 1.23, 1.23, 1.23, 1.23));
        assertThat(new Latencies().summary()).isEqualTo(new Latencies.Summary(0, 0, 0, 0, 0));
    }

    @Test
    void growsPastItsFirstArray() {
        Latencies many = new Latencies();
        for (int i = 1; i <= 5000; i++) {
            many.add(i * 1_000L);
        }
        assertThat(many.summary().count()).isEqualTo(5000);
        assertThat(many.summary().p50()).isEqualTo(2.5);
    }

}
