package dev.deeppredictor.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The PNG charts of a benchmark report: throughput, latencies and CPU per job by process. */
final class ReportCharts {

    private final Path outDir;

    private final String realModel;

    private final Map<String, Measured> phases;

    private final AlternatingRounds real;

    private final AlternatingRounds zeroCost;

    ReportCharts(Path outDir, String realModel, Map<String, Measured> phases, AlternatingRounds real,
            AlternatingRounds zeroCost) {
        this.outDir = outDir;
        this.realModel = realModel;
        this.phases = phases;
        this.real = real;
        this.zeroCost = zeroCost;
    }

    void write() throws IOException {
        Map<String, double[]> throughput = new LinkedHashMap<>();
        throughput.put("limit", new double[] {
                this.real.limit(), this.zeroCost.limit() });
        throughput.put("pipeline", new double[] { this.real.pipeline(), this.zeroCost.pipeline() });
        Charts.bars(this.outDir.resolve("throughput.png"), "Throughput: limits and the pipeline", "per second",
                List.of(this.realModel + " (images/s)", "zero-cost (jobs/s)"), throughput);
        List<String> names = List.copyOf(this.phases.keySet());
        Charts.bars(this.outDir.resolve("latency.png"), "End-to-end latency (upload sent -> result event)", "ms",
                names, percentiles(names, false));
        Charts.bars(this.outDir.resolve("latency-accepted.png"), "Upload accepted latency (sent -> 202)", "ms", names,
                percentiles(names, true));
        Map<String, double[]> cpu = new LinkedHashMap<>();
        List<String> processes = List.copyOf(this.phases.get("noop_saturation").cpuMsPerJob().keySet()).stream()
            .filter((name) -> !name.equals("total"))
            .toList();
        for (String process : processes) {
            double[] values = new double[names.size()];
            for (int i = 0; i < names.size(); i++) {
                values[i] = this.phases.get(names.get(i)).cpuMsPerJob().getOrDefault(process, 0.0);
            }
            cpu.put(process, values);
        }
        Charts.bars(this.outDir.resolve("cpu-per-job.png"), "CPU per job by process", "CPU ms per job", names, cpu);
    }

    private Map<String, double[]> percentiles(List<String> names, boolean accepted) {
        Map<String, double[]> percentiles = new LinkedHashMap<>();
        percentiles.put("p50", new double[names.size()]);
        percentiles.put("p95", new double[names.size()]);
        percentiles.put("p99", new double[names.size()]);
        for (int i = 0; i < names.size(); i++) {
            LoadDriver.Result load = this.phases.get(names.get(i)).load();
            Latencies.Summary summary = accepted ? load.accepted() : load.endToEnd();
            percentiles.get("p50")[i] = summary.p50();
            percentiles.get("p95")[i] = summary.p95();
            percentiles.get("p99")[i] = summary.p99();
        }
        return percentiles;
    }

}
