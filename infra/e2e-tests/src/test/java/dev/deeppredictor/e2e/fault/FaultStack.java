package dev.deeppredictor.e2e.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.deeppredictor.e2e.ServiceProcess;
import dev.deeppredictor.infra.test.TestServers;

/**
 * The packaged API and predictor processes of the fault tests on the fashion model, with a store
 * of their own ({@link StoreProcess}) and a RabbitMQ virtual host of their own on the shared test
 * broker, so that no other test's jobs or records mix with theirs.
 */
final class FaultStack implements AutoCloseable {

    static final String DATABASE = "fault";

    /** Numbers the processes of all stacks of this JVM, so that each keeps its own log. */
    private static final AtomicInteger STARTS = new AtomicInteger();

    private static FaultStack shared;

    private final Path repo;

    private final TestServers servers;

    private final StoreProcess store;

    private final Map<String, String> environment;

    private final Records records;

    private final Map<String, ServiceProcess> predictors = new LinkedHashMap<>();

    private final String name;

    private ServiceProcess api;

    private FaultStack(Path repo, TestServers servers, StoreProcess store, Map<String, String> environment, String name) {
        this.repo = repo;
        this.servers = servers;
        this.store = store;
        this.environment = environment;
        this.name = name;
        this.records = new Records(store.mongoUri(DATABASE), DATABASE);
    }

    /**
     * The stack of the fault tests, started on first use and stopped when the JVM ends. Its
     * predictors back off at most 4 s during an outage (30 s by default), so that the tests do not
     * wait half a minute for the first retry after a store comes back.
     */
    static synchronized FaultStack shared() {
        if (shared == null) {
            shared = start("faulttests", Map.of("DEEP_PREDICTOR_RETRY_PAUSE_MAX", "4s"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "fault-stack-shutdown"));
        }
        return shared;
    }

    /** Starts the store, the API and two predictors; {@code settings} are extra environment variables. */
    static FaultStack start(String name, Map<String, String> settings) {
        Path repo = Path.of(System.getProperty("deep-predictor.root", "../..")).toAbsolutePath().normalize();
        TestServers servers = TestServers.shared();
        Path work = repo.resolve("infra/e2e-tests/target/fault").resolve(name + "-" + ProcessHandle.current().pid());
        String vhost = name + "-" + ProcessHandle.current().pid();
        createVirtualHost(servers, vhost);
        StoreProcess store = StoreProcess.start(repo, work.resolve("store"));
        Map<String, String> environment = new HashMap<>(servers.environment(DATABASE));
        environment.put("SPRING_RABBITMQ_VIRTUALHOST", vhost);
        environment.put("SPRING_MONGODB_URI", store.mongoUri(DATABASE));
        environment.put("DEEP_PREDICTOR_STORAGE_ENDPOINT", store.s3Endpoint());
        environment.put("DEEP_PREDICTOR_STORAGE_ACCESS_KEY", StoreProcess.ACCESS_KEY);
        environment.put("DEEP_PREDICTOR_STORAGE_SECRET_KEY", StoreProcess.SECRET_KEY);
        environment.put("DEEP_PREDICTOR_STORAGE_BUCKET", StoreProcess.BUCKET);
        environment.put("DEEP_PREDICTOR_CONFIG_DIR", fashionOnly(repo, work.resolve("config")).toString());
        environment.putAll(settings);
        FaultStack stack = new FaultStack(repo, servers, store, Map.copyOf(environment), name);
        try {
            // One after the other: three JVMs starting at once on two busy cores can each take
            // longer than a start is allowed to.
            stack.ensurePredictors(2);
            stack.api = ServiceProcess.start(repo, "api-service", name + "-api" + STARTS.incrementAndGet(), environment);
        }
        catch (RuntimeException ex) {
            stack.close();
            throw ex;
        }
        return stack;
    }

    String apiUrl() {
        return this.api.baseUrl();
    }

    ServiceProcess apiProcess() {
        return this.api;
    }

    TestServers servers() {
        return this.servers;
    }

    StoreProcess store() {
        return this.store;
    }

    Records records() {
        return this.records;
    }

    /** The RabbitMQ virtual host of this stack, for the test's own clients. */
    String virtualHost() {
        return this.environment.get("SPRING_RABBITMQ_VIRTUALHOST");
    }

    /** The running predictors by worker id, oldest first. */
    synchronized List<Predictor> predictors() {
        this.predictors.values().removeIf((process) -> !ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive)
            .orElse(false));
        return this.predictors.entrySet().stream().map((entry) -> new Predictor(entry.getKey(), entry.getValue())).toList();
    }

    /** Starts predictors until {@code count} run, replacing those a test killed or stopped. */
    synchronized void ensurePredictors(int count) {
        for (int i = predictors().size(); i < count; i++) {
            startPredictor(this.name + "-p" + STARTS.incrementAndGet());
        }
    }

    private void startPredictor(String worker) {
        Map<String, String> environment = new HashMap<>(this.environment);
        environment.put("DEEP_PREDICTOR_WORKER_ID", worker);
        ServiceProcess process = ServiceProcess.start(this.repo, "predictor-service", worker, environment);
        this.predictors.put(worker, process);
    }

    @Override
    public synchronized void close() {
        // All are told to stop first, then awaited: one after the other they can outlast the
        // time the test JVM is given to exit.
        this.predictors.values().forEach((process) -> {
            if (ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                Signals.thaw(process.pid());
            }
            process.requestStop();
        });
        if (this.api != null) {
            this.api.requestStop();
        }
        this.predictors.values().forEach(ServiceProcess::close);
        this.predictors.clear();
        if (this.api != null) {
            this.api.close();
        }
        this.records.close();
        this.store.close();
    }

    /** A predictor process and the worker id it writes into the records. */
    record Predictor(String worker, ServiceProcess process) {

        long pid() {
            return this.process.pid();
        }

    }

    /** A config folder serving the fashion model alone: a small, fast model and a quick start. */
    private static Path fashionOnly(Path repo, Path config) {
        try {
            Files.createDirectories(config.resolve("models"));
            Files.createDirectories(config.resolve("artifacts/fashion"));
            Files.copy(repo.resolve("config/models/fashion.yml"), config.resolve("models/fashion.yml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(repo.resolve("config/artifacts/fashion/fashion-cnn.pt"),
                    config.resolve("artifacts/fashion/fashion-cnn.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return config;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void createVirtualHost(TestServers servers, String vhost) {
        String base = servers.rabbitManagementUrl() + "/api";
        management(servers, base + "/vhosts/" + vhost, "{}");
        management(servers, base + "/permissions/" + vhost + "/" + servers.rabbitUsername(),
                "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
    }

    private static void management(TestServers servers, String url, String json) {
        String credentials = servers.rabbitUsername() + ":" + servers.rabbitPassword();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
            .header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build();
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("PUT " + url + " answered " + response.statusCode() + ": " + response.body());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

}
