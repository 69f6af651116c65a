package dev.deeppredictor.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

    @TempDir
    Path dir;

    @Test
    void resultsHoldTheRatiosToTheLimitsAndTheVerdicts() throws Exception {
        JsonNode engine = tools.jackson.databind.json.JsonMapper.builder().build()
            .readTree("{\"bare_engine_ips\": 40.0, \"engine_only_ips\": 80.0, \"batch_size\": 8}");
        Map<String, Measured> phases = new LinkedHashMap<>();
        AlternatingRounds zeroCost = new AlternatingRounds(List.of(AlternatingRounds.Round.of(measured(600), measured(480)),
                AlternatingRounds.Round.of(measured(400), measured(320))));
        AlternatingRounds real = new AlternatingRounds(List.of(new AlternatingRounds.Round(40, 30, measured(38))));
        phases.put("noop_saturation", zeroCost.medianPipeline());
        phases.put("real_saturation", real.medianPipeline());
        phases.put("noop_light", measured(8));
        phases.put("real_light", measured(8));
        Map<String, Latencies.Summary> overheads = new LinkedHashMap<>();
        overheads.put("noop", new Latencies.Summary(50, 11.0, 14, 20, 25));
        overheads.put("common-objects", new Latencies.Summary(50, 16.5, 19, 22, 25));
        Report report = new Report(this.dir.resolve("out"), "common-objects", phases, overheads,
                zeroCost, real, List.of(engine), "test");

        boolean pass = report.write();

        JsonNode results = Report.readJson(this.dir.resolve("out/results.json"));
        assertThat(results.at("/real/model").asString()).isEqualTo("common-objects");
        assertThat(results.at("/real/bare_engine_ips").asDouble()).isEqualTo(40.0);
        assertThat(results.at("/real/pipeline_ips").asDouble()).isEqualTo(38.0);
        assertThat(results.at("/real/ratio").asDouble()).isEqualTo(0.95);
        // The zero-cost figures are the means of the rounds.
        assertThat(results.at("/zero_cost/bare_client_jps").asDouble()).isEqualTo(500.0);
        assertThat(results.at("/zero_cost/pipeline_jps").asDouble()).isEqualTo(400.0);
        assertThat(results.at("/zero_cost/ratio").asDouble()).isEqualTo(0.8);
        assertThat(results.at("/zero_cost/rounds/1/limit").asDouble()).isEqualTo(400.0);
        assertThat(results.at("/real/engine_only_ips").asDouble()).isEqualTo(80.0);
        assertThat(results.at("/real/batch_size").asInt()).isEqualTo(8);
        assertThat(results.at("/targets/zero_cost_ratio/pass").asBoolean()).isTrue();
        // The no-op model's overhead is the one held against the target; the real model's is shown.
        assertThat(results.at("/light_load/overhead_p50_ms").asDouble()).isEqualTo(11.0);
        assertThat(results.at("/light_load/overhead_ms_by_model/common-objects/p50").asDouble()).isEqualTo(16.5);
        assertThat(results.at("/targets/real_ratio/pass").asBoolean()).isTrue();
        assertThat(results.at("/targets/light_overhead_p50_ms/pass").asBoolean()).isFalse();
        assertThat(pass).isFalse();
        assertThat(this.dir.resolve("out/throughput.png")).isNotEmptyFile();
        assertThat(this.dir.resolve("out/latency.png")).isNotEmptyFile();
        assertThat(this.dir.resolve("out/latency-accepted.png")).isNotEmptyFile();
        assertThat(this.dir.resolve("out/cpu-per-job.png")).isNotEmptyFile();
    }

    @Test
    void aRatioAgainstNoLimitIsZero() {
        assertThat(Report.ratio(10, 0)).isZero();
        assertThat(Report.ratio(2, 3)).isEqualTo(0.667);
    }

    private static Measured measured(double perSecond) {
        Latencies.Summary latency = new Latencies.Summary(10, 5, 8, 9, 10);
        LoadDriver.Result load = new LoadDriver.Result("x", 10, perSecond, latency, latency, 10, 0, 0, List.of(),
                Map.of(), Map.of());
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("api", 1.5);
        cpu.put("predictor", 2.0);
        cpu.put("total", 3.5);
        return new Measured(load, cpu);
    }

}
