package dev.deeppredictor.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured load phase: its load result and the CPU each process spent per finished job
 * (user + system time over the whole phase, warm-up and drain included, divided by the jobs).
 */
record Measured(LoadDriver.Result load, Map<String, Double> cpuMsPerJob) {

    static Measured run(String name, LoadDriver driver, LoadDriver.Submitter submitter, Duration warmup,
            Duration measure, ProcessStats processes) throws InterruptedException {
        Map<String, Double> before = processes.cpuMillis();
        LoadDriver.Result result = driver.run(name, submitter, warmup, measure);
        Map<String, Double> perJob = ProcessStats.perJob(before, processes.cpuMillis(), result.finishedAt().size());
        double total = perJob.values().stream().mapToDouble(Double::doubleValue).sum();
        perJob.put("total", Math.round(total * 1000) / 1000.0);
        if (measure.toMillis() < 100) {
            System.out.printf("bench: %s: %d jobs%n", name, result.finishedAt().size());
            return new Measured(result, perJob);
        }
        System.out.printf("bench: %-28s %8.1f /s  accepted p50 %6.2f ms  end-to-end p50 %7.2f p99 %7.2f ms  "
                + "cpu %.2f ms/job %s (submitted %d, unfinished %d, failed %d)%n", name, result.perSecond(),
                result.accepted().p50(), result.endToEnd().p50(), result.endToEnd().p99(), total, perJob, result.submitted(),
                result.unfinished(), result.failures());
        return new Measured(result, perJob);
    }

    /** The figures a report shows, without the per-job maps. */
    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("per_second", this.load.perSecond());
        summary.put("completed_in_window", this.load.completedInWindow());
        summary.put("submitted", this.load.submitted());
        summary.put("unfinished", this.load.unfinished());
        summary.put("failed_submissions", this.load.failures());
        summary.put("accepted_ms", this.load.accepted());
        summary.put("end_to_end_ms", this.load.endToEnd());
        summary.put("cpu_ms_per_job", this.cpuMsPerJob);
        return summary;
    }

}
