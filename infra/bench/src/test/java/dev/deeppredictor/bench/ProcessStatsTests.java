package dev.deeppredictor.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcessStatsTests {

    @Test
    void cpuTicksAreCountedFromTheEndOfTheCommandName() {
        // A command name with spaces and a parenthesis, as a thread may call itself.
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 250 0 0 20 0 30 0 "
                + "12345 4000000000 50000 18446744073709551615";
        assertThat(ProcessStats.parseCpuTicks(stat)).isEqualTo(1750);
    }

    @Test
    void rssIsReadFromStatus() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  812345 kB\nThreads:\t42\n";
        assertThat(ProcessStats.parseRssKib(status)).isEqualTo(812345);
    }

    @Test
    void thisProcessHasCpuTimeAndMemory() {
        long self = ProcessHandle.current().pid();
        assertThat(ProcessStats.cpuMillis(self)).isPositive();
        assertThat(ProcessStats.rssKib(self)).isGreaterThan(10_000);
        assertThat(ProcessStats.cpuMillis(Long.MAX_VALUE)).isZero();
    }

    @Test
    void cpuPerJobIsTheDifferenceDividedByJobs() {
        Map<String, Double> perJob = ProcessStats.perJob(Map.of("api", 1000.0), Map.of("api", 1500.0), 200);
        assertThat(perJob.get("api")).isCloseTo(2.5, within(1e-9));
        assertThat(ProcessStats.perJob(Map.of("api", 1.0), Map.of("api", 2.0), 0).get("api")).isZero();
    }

}
