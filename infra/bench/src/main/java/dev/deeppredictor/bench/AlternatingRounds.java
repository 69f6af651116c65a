package dev.deeppredictor.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A limit and the pipeline measured in alternating rounds: in each, the limit runs with the
 * services paused (the bare client, or the bare engine), then the pipeline runs the same work.
 * This machine's speed drifts by 10-30% within minutes (the same bare client measured 241 and 328
 * jobs/s three minutes apart, the bare engine 61.5 and 42.6 images/s two minutes apart), so a limit
 * measured once before and once after the pipeline can land far from the pipeline's own
 * conditions; rounds seconds apart see the same machine. The throughputs are the means of the
 * rounds (all windows of a kind are equally long), the ratio is theirs, and each round's own ratio
 * is kept to show the spread.
 *
 * @param rounds the rounds in the order run
 */
record AlternatingRounds(List<Round> rounds) {

    AlternatingRounds {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("at least one round");
        }
        rounds = List.copyOf(rounds);
    }

    /**
     * One limit window and the pipeline window after it.
     *
     * @param limit the limit's throughput, per second
     * @param limitCpuMs the limit's CPU per job (or image), all its processes together
     * @param pipeline the pipeline's window
     */
    record Round(double limit, double limitCpuMs, Measured pipeline) {

        static Round of(Measured limit, Measured pipeline) {
            return new Round(limit.load().perSecond(), limit.cpuMsPerJob().getOrDefault("total", 0.0), pipeline);
        }

        double ratio() {
            return Report.ratio(this.pipeline.load().perSecond(), this.limit);
        }

    }

    double limit() {
        return round1(this.rounds.stream().mapToDouble(Round::limit).average().orElse(0));
    }

    double pipeline() {
        return round1(this.rounds.stream().mapToDouble((round) -> round.pipeline().load().perSecond()).average().orElse(0));
    }

    double ratio() {
        return Report.ratio(pipeline(), limit());
    }

    /** The limit's CPU per job, the mean of the rounds. */
    double limitCpuMs() {
        return Math.round(this.rounds.stream().mapToDouble(Round::limitCpuMs).average().orElse(0) * 1000) / 1000.0;
    }

    /** The pipeline round of median throughput: its latencies stand for the phase. */
    Measured medianPipeline() {
        List<Measured> sorted = new ArrayList<>(this.rounds.stream().map(Round::pipeline).toList());
        sorted.sort(Comparator.comparingDouble((Measured measured) -> measured.load().perSecond()));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** CPU per job of the pipeline's processes over all its rounds (weighted by the rounds' jobs). */
    Map<String, Double> pipelineCpuMsPerJob() {
        Map<String, Double> cpuMillis = new LinkedHashMap<>();
        long jobs = 0;
        for (Round round : this.rounds) {
            long finished = round.pipeline().load().finishedAt().size();
            jobs += finished;
            round.pipeline().cpuMsPerJob().forEach((process, perJob) -> cpuMillis.merge(process, perJob * finished, Double::sum));
        }
        long all = Math.max(1, jobs);
        Map<String, Double> perJob = new LinkedHashMap<>();
        cpuMillis.forEach((process, millis) -> perJob.put(process, Math.round(millis / all * 1000) / 1000.0));
        return perJob;
    }

    /** Each round's figures, for results.json. */
    List<Map<String, Object>> table() {
        List<Map<String, Object>> table = new ArrayList<>();
        for (Round round : this.rounds) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("limit", round.limit());
            row.put("pipeline", round.pipeline().load().perSecond());
            row.put("ratio", round.ratio());
            row.put("limit_cpu_ms", round.limitCpuMs());
            row.put("pipeline_cpu_ms", round.pipeline().cpuMsPerJob().getOrDefault("total", 0.0));
            table.add(row);
        }
        return table;
    }

    /** "0.650, 0.623" */
    String ratios() {
        return String.join(", ", this.rounds.stream().map((round) -> String.format("%.3f", round.ratio())).toList());
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

}
