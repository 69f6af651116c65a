package dev.deeppredictor.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SoakTests {

    @Test
    void growthIsMeasuredFromTheFirstSampleAfterWarmUp() {
        List<Map<String, Object>> samples = List.of(sample(0, 300), sample(100, 700), sample(200, 800),
                sample(400, 820), sample(600, 830), sample(800, 840), sample(1000, 850));
        Map<String, Object> growth = Soak.growth(samples, List.of("predictor"), 200);
        // From 800 (the first sample at 200 jobs) to the mean of the last three, 840.
        assertThat(growth.get("predictor")).isEqualTo(0.05);
    }

    @Test
    void tooFewSamplesAfterWarmUpShowNoGrowth() {
        Map<String, Object> growth = Soak.growth(List.of(sample(0, 300), sample(900, 900)), List.of("predictor"), 500);
        assertThat(growth.get("predictor")).isEqualTo(0.0);
    }

    private static Map<String, Object> sample(long jobs, double rssMib) {
        return Map.of("jobs", jobs, "predictor_rss_mib", rssMib);
    }

}
