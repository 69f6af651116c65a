package dev.deeppredictor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A long run on one model with the resident memory of the services sampled as jobs go by. After
 * a warm-up (the first fifth of the jobs: JIT, pools, caches, DJL's first allocations) memory must
 * stay flat: the mean of the last three samples at most 5% above the first sample after warm-up.
 */
final class Soak {

    static final double MAX_GROWTH = 0.05;

    private Soak() {
    }

    static int run(Args args) throws Exception {
        String model = args.get("model");
        long jobs = Long.parseLong(args.get("jobs"));
        List<Path> images = args.list("images").stream().map(Path::of).toList();
        List<byte[]> bytes = new ArrayList<>();
        boolean small = args.get("small", "false").equals("true");
        for (Path image : images) {
            bytes.add(small ? Images.smallPng(image, 64) : Files.readAllBytes(image));
        }
        Map<String, Long> pids = args.pids();
        Path watched = args.get("watch-file", "").isBlank() ? null : Path.of(args.get("watch-file"));
        LoadDriver driver = new LoadDriver(args.integer("uploaders", 8), args.integer("in-flight", 32), Duration.ZERO)
            .limit(jobs);
        List<Map<String, Object>> samples = new ArrayList<>();
        long begin = System.nanoTime();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                samples.add(sample(pids, watched, driver.finishedCount(), begin));
                try {
                    Thread.sleep((long) (args.number("sample-s", 5) * 1000));
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        try (PipelineClient client = new PipelineClient(args.get("api"), args.get("api-key", "local-dev-key"),
                BenchMain.rabbit(args))) {
            client.follow(driver);
            sampler.start();
            LoadDriver.Result result = driver.run("soak " + model, () -> {
                int index = Math.floorMod(next.getAndIncrement(), bytes.size());
                return client.submit(model, bytes.get(index), images.get(index).getFileName().toString(),
                        small ? "image/png" : BenchMain.contentType(images.get(index)));
            }, Duration.ZERO, Duration.ofHours(12));
            sampler.interrupt();
            sampler.join();
            samples.add(sample(pids, watched, driver.finishedCount(), begin));
            System.out.printf("bench: soak %s: %d jobs finished, %d unfinished, %d failed results%n", model,
                    result.finishedAt().size(), result.unfinished(), client.failedResults());
        }
        Map<String, Object> growth = growth(samples, pids.keySet(), jobs / 5);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model);
        report.put("jobs", jobs);
        report.put("growth_after_warmup", growth);
        report.put("samples", samples);
        Path outDir = Path.of(args.get("out-dir"));
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (String name : pids.keySet()) {
            lines.put(name, samples.stream()
                .map((s) -> new double[] { ((Number) s.get("jobs")).doubleValue(),
                        ((Number) s.get(name + "_rss_mib")).doubleValue() })
                .toList());
        }
        if (watched != null) {
            lines.put("MongoDB file", samples.stream()
                .map((s) -> new double[] { ((Number) s.get("jobs")).doubleValue(),
                        ((Number) s.get("store_file_mib")).doubleValue() })
                .toList());
        }
        Charts.lines(outDir.resolve("soak-" + model + ".png"), "Resident memory over " + jobs + " jobs (" + model + ")",
                "jobs finished", "MiB (RSS; file size)", lines);
        // The verdict is on the services; the servers (a local RabbitMQ node, the embedded S3 and
        // MongoDB) are sampled for information: their heaps and queues grow up to their own limits.
        List<String> checked = args.list("check").isEmpty() ? List.of("api", "predictor") : args.list("check");
        boolean flat = checked.stream()
            .filter(growth::containsKey)
            .allMatch((name) -> ((Double) growth.get(name)) <= MAX_GROWTH);
        report.put("checked", checked);
        report.put("flat", flat);
        Report.writeJson(outDir.resolve("soak-" + model + ".json"), report);
        System.out.println("bench: soak " + model + " growth after warm-up " + growth + ", checked " + checked
                + (flat ? ": FLAT" : ": GROWING"));
        return flat ? 0 : 4;
    }

    private static Map<String, Object> sample(Map<String, Long> pids, Path watched, long finished, long begin) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("seconds", Math.round((System.nanoTime() - begin) / 1e8) / 10.0);
        sample.put("jobs", finished);
        pids.forEach((name, pid) -> sample.put(name + "_rss_mib", Math.round(ProcessStats.rssKib(pid) / 102.4) / 10.0));
        if (watched != null) {
            // The embedded MongoDB's file: kept in check by the predictor's record retention.
            sample.put("store_file_mib", Math.round(sizeOf(watched) / 104857.6) / 10.0);
        }
        return sample;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        }
        catch (java.io.IOException ex) {
            return 0;
        }
    }

    /** Relative growth per process from the first sample after {@code warmupJobs} to the mean of the last three. */
    static Map<String, Object> growth(List<Map<String, Object>> samples, Iterable<String> names, long warmupJobs) {
        Map<String, Object> growth = new LinkedHashMap<>();
        List<Map<String, Object>> after = samples.stream()
            .filter((s) -> ((Number) s.get("jobs")).longValue() >= warmupJobs)
            .toList();
        for (String name : names) {
            if (after.size() < 2) {
                growth.put(name, 0.0);
                continue;
            }
            double base = ((Number) after.get(0).get(name + "_rss_mib")).doubleValue();
            double end = after.subList(Math.max(1, after.size() - 3), after.size()).stream()
                .mapToDouble((s) -> ((Number) s.get(name + "_rss_mib")).doubleValue())
                .average()
                .orElse(base);
            growth.put(name, base == 0 ? 0.0 : Math.round((end - base) / base * 1000) / 1000.0);
        }
        return growth;
    }

}
