package dev.deeppredictor.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The zero-cost comparison measured in alternating rounds: in each, the bare client runs with the
 * services paused, then the pipeline runs the no-op model. This machine's speed drifts by 10-30%
 * within minutes (the same bare client measured 241 and 328 jobs/s three minutes apart), so a
 * limit measured once before and once after the pipeline can land far from the pipeline's own
 * conditions; rounds a few seconds apart see the same machine. The throughputs are the means of
 * the rounds (all windows of a kind are equally long), the ratio is theirs, and each round's own
 * ratio is kept to show the spread.
 *
 * @param rounds the rounds in the order run
 */
record ZeroCostRounds(List<Round> rounds) {

    ZeroCostRounds {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("at least one round");
        }
        rounds = List.copyOf(rounds);
    }

    /** One bare-client window and the pipeline window after it. */
    record Round(Measured bare, Measured pipeline) {

        double ratio() {
            return Report.ratio(this.pipeline.load().perSecond(), this.bare.load().perSecond());
        }

    }

    double bareJobsPerSecond() {
        return mean(this.rounds.stream().map(Round::bare).toList());
    }

    double pipelineJobsPerSecond() {
        return mean(this.rounds.stream().map(Round::pipeline).toList());
    }

    double ratio() {
        return Report.ratio(pipelineJobsPerSecond(), bareJobsPerSecond());
    }

    /** The pipeline round of median throughput: its latencies and CPU stand for the phase. */
    Measured medianPipeline() {
        List<Measured> sorted = new ArrayList<>(this.rounds.stream().map(Round::pipeline).toList());
        sorted.sort(Comparator.comparingDouble((Measured measured) -> measured.load().perSecond()));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** CPU per job of the bare client's processes over all its rounds (jobs-weighted). */
    Map<String, Double> bareCpuMsPerJob() {
        return weightedCpu(this.rounds.stream().map(Round::bare).toList());
    }

    /** CPU per job of the pipeline's processes over all its rounds (jobs-weighted). */
    Map<String, Double> pipelineCpuMsPerJob() {
        return weightedCpu(this.rounds.stream().map(Round::pipeline).toList());
    }

    /** Each round's figures, for results.json. */
    List<Map<String, Object>> table() {
        List<Map<String, Object>> table = new ArrayList<>();
        for (Round round : this.rounds) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bare_client_jps", round.bare().load().perSecond());
            row.put("pipeline_jps", round.pipeline().load().perSecond());
            row.put("ratio", round.ratio());
            row.put("bare_client_cpu_ms_per_job", round.bare().cpuMsPerJob().getOrDefault("total", 0.0));
            row.put("pipeline_cpu_ms_per_job", round.pipeline().cpuMsPerJob().getOrDefault("total", 0.0));
            table.add(row);
        }
        return table;
    }

    private static double mean(List<Measured> windows) {
        double sum = windows.stream().mapToDouble((measured) -> measured.load().perSecond()).sum();
        return Math.round(sum / windows.size() * 10) / 10.0;
    }

    private static Map<String, Double> weightedCpu(List<Measured> windows) {
        Map<String, Double> cpuMillis = new LinkedHashMap<>();
        long jobs = 0;
        for (Measured window : windows) {
            long finished = window.load().finishedAt().size();
            jobs += finished;
            window.cpuMsPerJob().forEach((process, perJob) -> cpuMillis.merge(process, perJob * finished, Double::sum));
        }
        long all = Math.max(1, jobs);
        Map<String, Double> perJob = new LinkedHashMap<>();
        cpuMillis.forEach((process, millis) -> perJob.put(process, Math.round(millis / all * 1000) / 1000.0));
        return perJob;
    }

}
