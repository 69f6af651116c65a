package dev.deeppredictor.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AlternatingRoundsTests {

    @Test
    void theRatioIsThatOfTheMeanThroughputsAndEachRoundKeepsItsOwn() {
        // The machine slowed down between the rounds: the limit and the pipeline both lost a third.
        AlternatingRounds rounds = new AlternatingRounds(List.of(new AlternatingRounds.Round(360, 5.0, window(270, 10, 7.0)),
                new AlternatingRounds.Round(240, 7.0, window(200, 10, 9.0))));

        assertThat(rounds.limit()).isEqualTo(300.0);
        assertThat(rounds.pipeline()).isEqualTo(235.0);
        assertThat(rounds.ratio()).isEqualTo(0.783);
        assertThat(rounds.limitCpuMs()).isEqualTo(6.0);
        assertThat(rounds.table()).extracting((row) -> row.get("ratio")).containsExactly(0.75, 0.833);
        assertThat(rounds.ratios()).isEqualTo("0.750, 0.833");
    }

    @Test
    void aRoundOfTwoMeasuredWindowsTakesTheLimitsRateAndTotalCpu() {
        AlternatingRounds.Round round = AlternatingRounds.Round.of(window(320, 10, 5.5), window(240, 10, 8));

        assertThat(round.limit()).isEqualTo(320.0);
        assertThat(round.limitCpuMs()).isEqualTo(5.5);
        assertThat(round.ratio()).isEqualTo(0.75);
    }

    @Test
    void thePipelinesCpuPerJobWeighsEachRoundByItsJobs() {
        AlternatingRounds rounds = new AlternatingRounds(List.of(new AlternatingRounds.Round(300, 4, window(200, 10, 8.0)),
                new AlternatingRounds.Round(300, 4, window(200, 30, 12.0))));

        assertThat(rounds.pipelineCpuMsPerJob()).containsEntry("total", 11.0);
    }

    @Test
    void theMedianRoundOfThePipelineStandsForTheSaturationPhase() {
        Measured slow = window(150, 10, 1);
        Measured middle = window(200, 10, 1);
        Measured fast = window(250, 10, 1);
        AlternatingRounds rounds = new AlternatingRounds(List.of(new AlternatingRounds.Round(300, 1, fast),
                new AlternatingRounds.Round(300, 1, slow), new AlternatingRounds.Round(300, 1, middle)));

        assertThat(rounds.medianPipeline()).isSameAs(middle);
    }

    @Test
    void noRoundsIsNoMeasurement() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AlternatingRounds(List.of()));
    }

    /** A window of {@code perSecond} jobs/s in which {@code jobs} jobs finished, each costing {@code cpuMs} in all. */
    private static Measured window(double perSecond, int jobs, double cpuMs) {
        Latencies.Summary latency = new Latencies.Summary(jobs, 5, 8, 9, 10);
        Map<String, Long> finished = new LinkedHashMap<>();
        for (int i = 0; i < jobs; i++) {
            finished.put("job-" + i, (long) i);
        }
        LoadDriver.Result load = new LoadDriver.Result("x", jobs, perSecond, latency, latency, jobs, 0, 0, List.of(),
                Map.of(), finished);
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("total", cpuMs);
        return new Measured(load, cpu);
    }

}
