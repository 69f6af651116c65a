package dev.deeppredictor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.ConnectionFactory;
import tools.jackson.databind.JsonNode;

/**
 * The load generator of {@code infra/bench/run.sh}. Commands:
 * <ul>
 * <li>{@code bare-client}: the zero-cost limit against the servers alone (no services running);
 * <li>{@code pipeline}: the zero-cost rounds (the bare client with the services paused, then the
 * no-op model), the real-model rounds (the bare engine with the services paused, then the real
 * model), both models at light load, then the report;
 * <li>{@code soak}: many jobs with the services' resident memory sampled;
 * <li>{@code saturate}: one model at saturation ({@code --model}, default bench-noop, with
 * {@code --images} or the small PNG), {@code --rounds} times, for tuning by hand
 * (a longer JIT warm-up than a quick run can afford).
 * </ul>
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length == 0) {
            throw new IllegalArgumentException("usage: BenchMain bare-client|pipeline|soak --option value ...");
        }
        String command = arguments[0];
        Args args = new Args(java.util.Arrays.copyOfRange(arguments, 1, arguments.length));
        int status = switch (command) {
            case "bare-client" -> bareClient(args);
            case "pipeline" -> pipeline(args);
            case "soak" -> Soak.run(args);
            case "saturate" -> saturate(args);
            case "jpeg" -> {
                Images.asJpeg(args.list("images").stream().map(Path::of).toList(), Path.of(args.get("out-dir")))
                    .forEach((path) -> System.out.println(path));
                yield 0;
            }
            default -> throw new IllegalArgumentException("unknown command " + command);
        };
        System.exit(status);
    }

    static ConnectionFactory rabbit(Args args) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(args.integer("rabbit-port", 5672));
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }

    private static int bareClient(Args args) throws Exception {
        Report.writeJson(Path.of(args.get("out")),
                measureBareClient(args, args.get("mongo"), "warmup", "measure", "bare client (zero-cost)").summary());
        return 0;
    }

    private static Measured measureBareClient(Args args, String mongoUri, String warmup, String measure, String name)
            throws Exception {
        byte[] image = Images.smallPng(Path.of(args.get("noop-image")), 64);
        int consumers = args.integer("consumers", 8);
        LoadDriver driver = new LoadDriver(args.integer("uploaders", 8), args.integer("in-flight", 64), Duration.ZERO);
        Map<String, Long> pids = new LinkedHashMap<>(args.pids());
        PausedServices.SERVICES.forEach(pids::remove);
        ProcessStats processes = new ProcessStats(pids);
        try (BareClient client = new BareClient(args.get("s3"), args.get("s3-access-key"), args.get("s3-secret-key"),
                args.get("bucket"), mongoUri, rabbit(args), consumers)) {
            client.consume(consumers, args.integer("prefetch", 16), driver);
            return Measured.run(name, driver, () -> client.submit(image, "image/png"), seconds(args, warmup, 5),
                    seconds(args, measure, 20), processes);
        }
    }

    /**
     * The zero-cost rounds: the bare client with the services paused (SIGSTOP: idle services
     * still poll their queues and run their schedules), then the pipeline on the no-op model. The
     * first round warms the bare client's JIT for {@code --bare-warmup}, the later ones for
     * {@code --bare-round-warmup}.
     */
    private static AlternatingRounds zeroCost(Args args, PipelineClient client, LoadDriver.Submitter noop,
            ProcessStats processes) throws Exception {
        List<AlternatingRounds.Round> rounds = new ArrayList<>();
        int count = args.integer("zero-cost-rounds", 3);
        for (int round = 1; round <= count; round++) {
            Measured bare;
            try (PausedServices paused = PausedServices.pause(args.pids())) {
                bare = measureBareClient(args, args.get("bare-mongo"), (round == 1) ? "bare-warmup" : "bare-round-warmup",
                        "bare-measure", "bare client (zero-cost), round " + round);
            }
            Measured pipeline = phase(client, "pipeline no-op saturation, round " + round,
                    new LoadDriver(args.integer("noop-uploaders", 16), args.integer("noop-in-flight", 64), Duration.ZERO),
                    noop, seconds(args, "warmup", 5), seconds(args, "zero-cost-measure", 20), processes);
            rounds.add(AlternatingRounds.Round.of(bare, pipeline));
        }
        AlternatingRounds measured = new AlternatingRounds(rounds);
        System.out.printf("bench: zero-cost over %d rounds: bare client %.1f jobs/s, pipeline %.1f jobs/s, ratio %.3f "
                + "(rounds %s)%n", count, measured.limit(), measured.pipeline(), measured.ratio(), measured.ratios());
        return measured;
    }

    /**
     * The real-model rounds: the bare engine (its own JVM, {@code --bare-engine-script}) with the
     * services paused, then the pipeline on the real model at saturation. Each engine measurement
     * is kept as {@code bare-engine-<round>.json}.
     */
    private static AlternatingRounds real(Args args, PipelineClient client, LoadDriver.Submitter real,
            ProcessStats processes, List<JsonNode> engines) throws Exception {
        List<AlternatingRounds.Round> rounds = new ArrayList<>();
        int count = args.integer("real-rounds", 2);
        for (int round = 1; round <= count; round++) {
            JsonNode engine;
            try (PausedServices paused = PausedServices.pause(args.pids())) {
                engine = bareEngine(args, round);
            }
            engines.add(engine);
            Measured pipeline = phase(client, "pipeline " + args.get("real-model") + " saturation, round " + round,
                    new LoadDriver(args.integer("real-uploaders", 4), args.integer("real-in-flight", 48), Duration.ZERO),
                    real, seconds(args, "warmup", 5), seconds(args, "measure", 20), processes);
            rounds.add(new AlternatingRounds.Round(engine.path("bare_engine_ips").asDouble(),
                    engine.path("cpu_ms_per_image").asDouble(), pipeline));
        }
        AlternatingRounds measured = new AlternatingRounds(rounds);
        System.out.printf("bench: %s over %d rounds: bare engine %.1f images/s, pipeline %.1f images/s, ratio %.3f "
                + "(rounds %s)%n", args.get("real-model"), count, measured.limit(), measured.pipeline(), measured.ratio(),
                measured.ratios());
        return measured;
    }

    private static JsonNode bareEngine(Args args, int round) throws Exception {
        Path outDir = Path.of(args.get("out-dir"));
        Path engineOut = outDir.resolve("bare-engine-" + round + ".json");
        Process engine = new ProcessBuilder("bash", args.get("bare-engine-script"), engineOut.toString())
            .redirectErrorStream(true)
            .redirectOutput(outDir.resolve("logs/bare-engine-" + round + ".log").toFile())
            .start();
        if (engine.waitFor() != 0) {
            throw new IllegalStateException("the bare engine failed; see logs/bare-engine-" + round + ".log");
        }
        JsonNode measured = Report.readJson(engineOut);
        System.out.printf("bench: bare engine, round %d %13.1f images/s  (engine alone %.1f, cpu %.2f ms/image)%n", round,
                measured.path("bare_engine_ips").asDouble(), measured.path("engine_only_ips").asDouble(),
                measured.path("cpu_ms_per_image").asDouble());
        return measured;
    }

    private static int pipeline(Args args) throws Exception {
        ProcessStats processes = new ProcessStats(args.pids());
        String noopModel = args.get("noop-model");
        String realModel = args.get("real-model");
        List<Upload> small = List.of(Upload.small(args));
        List<Upload> photos = Upload.of(args.list("real-images"));
        Duration lightMeasure = seconds(args, "light-measure", 15);
        Duration lightPause = Duration.ofMillis(args.integer("light-pause-ms", 100));
        Map<String, Measured> phases = new LinkedHashMap<>();
        AlternatingRounds zeroCost;
        AlternatingRounds realRounds;
        List<JsonNode> engines = new ArrayList<>();
        try (PipelineClient client = new PipelineClient(args.get("api"), args.get("api-key", "local-dev-key"),
                rabbit(args))) {
            LoadDriver.Submitter noop = Upload.cycling(client, noopModel, small);
            LoadDriver.Submitter real = Upload.cycling(client, realModel, photos);
            // Fresh JVMs: compile the hot paths and fill the pools before anything is measured.
            Duration jit = seconds(args, "jit-warmup", 8);
            phase(client, "warm-up no-op (not reported)", new LoadDriver(8, 32, Duration.ZERO), noop, jit,
                    Duration.ofMillis(1), processes);
            phase(client, "warm-up " + realModel + " (not reported)", new LoadDriver(2, 16, Duration.ZERO), real, jit,
                    Duration.ofMillis(1), processes);
            zeroCost = zeroCost(args, client, noop, processes);
            phases.put("noop_saturation", zeroCost.medianPipeline());
            realRounds = real(args, client, real, processes, engines);
            phases.put("real_saturation", realRounds.medianPipeline());
            phases.put("noop_light", phase(client, "pipeline no-op light load", new LoadDriver(1, 1, lightPause), noop,
                    Duration.ofSeconds(2), lightMeasure, processes));
            phases.put("real_light", phase(client, "pipeline " + realModel + " light load",
                    new LoadDriver(1, 1, lightPause), real, Duration.ofSeconds(2), lightMeasure, processes));
            checkResults(client);
        }
        Overhead overhead = new Overhead(args.get("mongo"));
        Map<String, Latencies.Summary> overheads = new LinkedHashMap<>();
        overheads.put("noop", overhead.of(phases.get("noop_light").load()));
        overheads.put(realModel, overhead.of(phases.get("real_light").load()));
        Report report = new Report(Path.of(args.get("out-dir")), realModel, phases, overheads, zeroCost, realRounds,
                engines, args.get("conditions", ""));
        return report.write() ? 0 : 3;
    }

    private static int saturate(Args args) throws Exception {
        ProcessStats processes = new ProcessStats(args.pids());
        String model = args.get("model", "bench-noop");
        List<Upload> uploads = args.list("images").isEmpty() ? List.of(Upload.small(args)) : Upload.of(args.list("images"));
        try (PipelineClient client = new PipelineClient(args.get("api"), args.get("api-key", "local-dev-key"),
                rabbit(args))) {
            LoadDriver.Submitter submitter = Upload.cycling(client, model, uploads);
            for (int round = 1; round <= args.integer("rounds", 3); round++) {
                phase(client, model + " saturation, round " + round,
                        new LoadDriver(args.integer("uploaders", 16), args.integer("in-flight", 64), Duration.ZERO),
                        submitter, seconds(args, "warmup", 15), seconds(args, "measure", 20), processes);
            }
        }
        return 0;
    }

    /** One image the load generator uploads, with the file name and type it sends. */
    private record Upload(String fileName, String contentType, byte[] bytes) {

        /** The no-op runs' image: a 64x64 PNG made from {@code --noop-image}. */
        static Upload small(Args args) throws java.io.IOException {
            return new Upload("small.png", "image/png", Images.smallPng(Path.of(args.get("noop-image")), 64));
        }

        static List<Upload> of(List<String> files) throws java.io.IOException {
            List<Upload> uploads = new ArrayList<>();
            for (String file : files) {
                Path path = Path.of(file);
                uploads.add(new Upload(path.getFileName().toString(), BenchMain.contentType(path), Files.readAllBytes(path)));
            }
            return uploads;
        }

        /** Submits the uploads to {@code model} in turn. */
        static LoadDriver.Submitter cycling(PipelineClient client, String model, List<Upload> uploads) {
            AtomicInteger next = new AtomicInteger();
            return () -> {
                Upload upload = uploads.get(Math.floorMod(next.getAndIncrement(), uploads.size()));
                return client.submit(model, upload.bytes(), upload.fileName(), upload.contentType());
            };
        }

    }

    /**
     * One load phase; a measured one also reads its first job back through the API at once (the
     * predictor's retention may delete finished records before a long run ends).
     */
    private static Measured phase(PipelineClient client, String name, LoadDriver driver, LoadDriver.Submitter submitter,
            Duration warmup, Duration measure, ProcessStats processes) throws Exception {
        client.follow(driver);
        Measured measured = Measured.run(name, driver, submitter, warmup, measure, processes);
        List<String> ids = measured.load().measuredIds();
        if (!ids.isEmpty()) {
            String json = client.fetch(ids.get(0));
            if (!json.contains("SUCCEEDED")) {
                throw new IllegalStateException("result of " + ids.get(0) + " is not readable as done: " + json);
            }
        }
        return measured;
    }

    /** A benchmark of failing jobs proves nothing: every result must have succeeded. */
    private static void checkResults(PipelineClient client) {
        if (client.failedResults() > 0) {
            throw new IllegalStateException(client.failedResults() + " jobs ended without success; see the logs");
        }
    }

    static String contentType(Path image) {
        String name = image.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".png") ? "image/png" : "image/jpeg";
    }

    static Duration seconds(Args args, String name, double fallback) {
        return Duration.ofMillis((long) (args.number(name, fallback) * 1000));
    }

}
