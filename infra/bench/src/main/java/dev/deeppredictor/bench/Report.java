package dev.deeppredictor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts the limits and the pipeline side by side: {@code results.json}, PNG charts, a table on
 * stdout and the verdict on the DESIGN.md targets.
 */
final class Report {

    static final double REAL_RATIO_TARGET = 0.9;

    static final double ZERO_COST_RATIO_TARGET = 0.75;

    static final double OVERHEAD_P50_TARGET_MS = 10;

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path outDir;

    private final String realModel;

    private final Map<String, Measured> phases;

    private final Map<String, Latencies.Summary> overheads;

    private final AlternatingRounds zeroCost;

    private final AlternatingRounds real;

    private final List<JsonNode> engines;

    private final String conditions;

    Report(Path outDir, String realModel, Map<String, Measured> phases, Map<String, Latencies.Summary> overheads,
            AlternatingRounds zeroCost, AlternatingRounds real, List<JsonNode> engines, String conditions) {
        this.outDir = outDir;
        this.realModel = realModel;
        this.phases = phases;
        this.overheads = overheads;
        this.zeroCost = zeroCost;
        this.real = real;
        this.engines = List.copyOf(engines);
        this.conditions = conditions;
    }

    static void writeJson(Path file, Object value) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writeValueAsString(value));
    }

    static JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }

    static double ratio(double value, double limit) {
        return limit <= 0 ? 0 : Math.round(value / limit * 1000) / 1000.0;
    }

    /** @return whether all targets are met */
    boolean write() throws IOException {
        Map<String, Object> results = results();
        writeJson(this.outDir.resolve("results.json"), results);
        new ReportCharts(this.outDir, this.realModel, this.phases, this.real, this.zeroCost).write();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> targets = (Map<String, Map<String, Object>>) results.get("targets");
        System.out.println();
        System.out.println("target                        value      target   verdict");
        boolean all = true;
        for (Map.Entry<String, Map<String, Object>> target : targets.entrySet()) {
            boolean pass = (Boolean) target.getValue().get("pass");
            all &= pass;
            System.out.printf("%-28s %8s   %8s   %s%n", target.getKey(), target.getValue().get("value"),
                    target.getValue().get("target"), pass ? "PASS" : "FAIL");
        }
        System.out.println("results: " + this.outDir.resolve("results.json"));
        return all;
    }

    Map<String, Object> results() {
        Measured realSaturation = this.phases.get("real_saturation");
        Measured noopSaturation = this.phases.get("noop_saturation");
        Map<String, Double> realCpu = this.real.pipelineCpuMsPerJob();
        Map<String, Object> real = new LinkedHashMap<>();
        real.put("model", this.realModel);
        real.put("batch_size", this.engines.isEmpty() ? 0 : this.engines.get(0).path("batch_size").asInt());
        real.put("bare_engine_ips", this.real.limit());
        double engineOnlyIps = Math.round(this.engines.stream()
            .mapToDouble((engine) -> engine.path("engine_only_ips").asDouble())
            .average()
            .orElse(0) * 10) / 10.0;
        real.put("engine_only_ips", engineOnlyIps);
        real.put("pipeline_ips", this.real.pipeline());
        real.put("ratio", this.real.ratio());
        real.put("ratio_to_engine_only", ratio(this.real.pipeline(), engineOnlyIps));
        real.put("rounds", this.real.table());
        // CPU per image of the limit against the whole pipeline's: the ratio the two cores allow
        // when both are busy, steadier than throughput on a machine that runs other work too.
        real.put("bare_engine_cpu_ms_per_image", this.real.limitCpuMs());
        real.put("cpu_ratio", ratio(this.real.limitCpuMs(), realCpu.getOrDefault("total", 0.0)));
        real.put("pipeline_cpu_ms_per_job", realCpu);
        real.put("pipeline_median_round", realSaturation.summary());
        real.put("bare_engine_rounds", this.engines);
        double bareJps = this.zeroCost.limit();
        double pipelineJps = this.zeroCost.pipeline();
        Map<String, Double> pipelineCpu = this.zeroCost.pipelineCpuMsPerJob();
        Map<String, Object> zeroCost = new LinkedHashMap<>();
        zeroCost.put("bare_client_jps", bareJps);
        zeroCost.put("pipeline_jps", pipelineJps);
        zeroCost.put("ratio", this.zeroCost.ratio());
        zeroCost.put("cpu_ratio", ratio(this.zeroCost.limitCpuMs(), pipelineCpu.getOrDefault("total", 0.0)));
        zeroCost.put("rounds", this.zeroCost.table());
        zeroCost.put("bare_client_cpu_ms_per_job", this.zeroCost.limitCpuMs());
        zeroCost.put("pipeline_cpu_ms_per_job", pipelineCpu);
        zeroCost.put("pipeline_median_round", noopSaturation.summary());
        // The no-op model's figure is the pipeline's own overhead: nothing but the pipeline runs. A
        // real model's also holds decoding and resizing the image, which its bare limit pays too.
        double overheadP50 = this.overheads.get("noop").p50();
        Map<String, Object> light = new LinkedHashMap<>();
        light.put("overhead_p50_ms", overheadP50);
        light.put("overhead_ms_by_model", this.overheads);
        light.put("noop", this.phases.get("noop_light").summary());
        light.put(this.realModel, this.phases.get("real_light").summary());
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("real_ratio", target(this.real.ratio(), REAL_RATIO_TARGET, true));
        targets.put("zero_cost_ratio", target(this.zeroCost.ratio(), ZERO_COST_RATIO_TARGET, true));
        targets.put("light_overhead_p50_ms", target(overheadP50, OVERHEAD_P50_TARGET_MS, false));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("measured_at", Instant.now().toString());
        results.put("conditions", this.conditions);
        results.put("real", real);
        results.put("zero_cost", zeroCost);
        results.put("light_load", light);
        results.put("targets", targets);
        return results;
    }

    private static Map<String, Object> target(double value, double target, boolean atLeast) {
        return Map.of("value", value, "target", (atLeast ? ">= " : "<= ") + target, "pass",
                atLeast ? value >= target : value <= target);
    }

}
