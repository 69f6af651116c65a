package dev.deeppredictor.infra.test;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * RabbitMQ, MongoDB and S3 for tests. Where Docker runs they are Testcontainers; elsewhere they are
 * processes of this machine: a RabbitMQ node of this JVM alone and the launcher of
 * {@code infra/servers} (S3Proxy and mongo-java-server, MongoDB in memory). The system property
 * {@code deep-predictor.test-servers} set to {@code docker} or {@code local} overrides the choice.
 *
 * <p>Use {@link #shared()}: it starts the servers once per JVM, on first use, and a shutdown hook
 * stops them. Spring tests take {@link #springProperties(String)}; service processes started by a
 * test take {@link #environment(String)}.
 */
public final class TestServers {

    /** The bucket every service stores images in. */
    public static final String BUCKET = "deep-predictor";

    static final String MODE_PROPERTY = "deep-predictor.test-servers";

    private static final Logger log = LoggerFactory.getLogger(TestServers.class);

    private static final AtomicInteger instances = new AtomicInteger();

    private static TestServers shared;

    private static RuntimeException sharedFailure;

    private final Path repoRoot;

    private final Servers servers;

    private final Endpoints endpoints;

    private TestServers(Path repoRoot, Servers servers) {
        this.repoRoot = repoRoot;
        this.servers = servers;
        this.endpoints = servers.endpoints();
    }

    /**
     * The servers of this JVM, started on the first call. A failed start is remembered and reported
     * to every later caller rather than retried for each test class.
     */
    public static synchronized TestServers shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException("the test servers could not be started", sharedFailure);
        }
        if (shared == null) {
            try {
                shared = start();
            }
            catch (RuntimeException ex) {
                sharedFailure = ex;
                throw ex;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "test-servers-shutdown"));
        }
        return shared;
    }

    /** Starts servers of their own, apart from {@link #shared()}; the caller must {@link #stop()} them. */
    static TestServers start() {
        Path repoRoot = RepoRoot.find();
        long started = System.nanoTime();
        Servers servers = useDocker() ? ContainerServers.start(BUCKET)
                : LocalProcessServers.start(repoRoot, nextLocalId(), BUCKET);
        TestServers testServers = new TestServers(repoRoot, servers);
        log.info("Test servers ready in {} ms: {}", (System.nanoTime() - started) / 1_000_000, testServers.endpoints);
        return testServers;
    }

    public String rabbitHost() {
        return endpoints.rabbitHost();
    }

    public int rabbitPort() {
        return endpoints.rabbitPort();
    }

    public String rabbitUsername() {
        return endpoints.rabbitUsername();
    }

    public String rabbitPassword() {
        return endpoints.rabbitPassword();
    }

    /** The management HTTP API's base address, such as {@code http://127.0.0.1:15672}. */
    public String rabbitManagementUrl() {
        return endpoints.rabbitManagementUrl();
    }

    /** {@code mongodb://host:port/database}. */
    public String mongoUri(String database) {
        return endpoints.mongoBaseUri() + "/" + database;
    }

    public String s3Endpoint() {
        return endpoints.s3Endpoint();
    }

    public String s3AccessKey() {
        return endpoints.s3AccessKey();
    }

    public String s3SecretKey() {
        return endpoints.s3SecretKey();
    }

    /** The bucket, which exists already. */
    public String bucket() {
        return BUCKET;
    }

    /** The repository's root folder. */
    public Path repoRoot() {
        return repoRoot;
    }

    /** Spring Boot properties pointing a service at these servers, its documents in {@code database}. */
    public Map<String, String> springProperties(String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.rabbitmq.host", rabbitHost());
        properties.put("spring.rabbitmq.port", String.valueOf(rabbitPort()));
        properties.put("spring.rabbitmq.username", rabbitUsername());
        properties.put("spring.rabbitmq.password", rabbitPassword());
        properties.put("spring.mongodb.uri", mongoUri(database));
        properties.put("deep-predictor.storage.endpoint", s3Endpoint());
        properties.put("deep-predictor.storage.access-key", s3AccessKey());
        properties.put("deep-predictor.storage.secret-key", s3SecretKey());
        properties.put("deep-predictor.storage.bucket", bucket());
        properties.put("deep-predictor.rabbitmq.management-url", rabbitManagementUrl());
        return Collections.unmodifiableMap(properties);
    }

    /**
     * The same settings as environment variables, for a service started as a process: the names
     * {@code infra/local/up.sh} and {@code infra/compose.yaml} use.
     */
    public Map<String, String> environment(String database) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_RABBITMQ_HOST", rabbitHost());
        environment.put("SPRING_RABBITMQ_PORT", String.valueOf(rabbitPort()));
        environment.put("SPRING_RABBITMQ_USERNAME", rabbitUsername());
        environment.put("SPRING_RABBITMQ_PASSWORD", rabbitPassword());
        environment.put("SPRING_MONGODB_URI", mongoUri(database));
        environment.put("DEEP_PREDICTOR_STORAGE_ENDPOINT", s3Endpoint());
        environment.put("DEEP_PREDICTOR_STORAGE_ACCESS_KEY", s3AccessKey());
        environment.put("DEEP_PREDICTOR_STORAGE_SECRET_KEY", s3SecretKey());
        environment.put("DEEP_PREDICTOR_STORAGE_BUCKET", bucket());
        environment.put("DEEP_PREDICTOR_RABBITMQ_MANAGEMENT_URL", rabbitManagementUrl());
        return Collections.unmodifiableMap(environment);
    }

    /**
     * Stops the broker for a fault test; connected clients see it go away. Its queues and messages
     * stay, and {@link #startRabbit()} brings it back with the same name and ports.
     */
    public synchronized void stopRabbit() {
        log.info("Stopping RabbitMQ for a fault test");
        servers.stopRabbit();
    }

    /** Starts the broker stopped by {@link #stopRabbit()} and returns once it accepts clients. */
    public synchronized void startRabbit() {
        log.info("Starting RabbitMQ again");
        servers.startRabbit();
    }

    /** Stops every server; {@link #shared()} servers are stopped by a shutdown hook instead. */
    synchronized void stop() {
        servers.close();
    }

    private static boolean useDocker() {
        String mode = System.getProperty(MODE_PROPERTY, "auto");
        return switch (mode) {
            case "docker" -> true;
            case "local" -> false;
            case "auto" -> {
                boolean docker = DockerClientFactory.instance().isDockerAvailable();
                log.info(docker ? "Docker is available: test servers run as containers"
                        : "Docker is not available: test servers run as local processes");
                yield docker;
            }
            default -> throw new IllegalStateException(
                    MODE_PROPERTY + " must be auto, docker or local, not '" + mode + "'");
        };
    }

    /** The JVM's pid, with a counter after it for the second and later servers of one JVM. */
    private static String nextLocalId() {
        int instance = instances.getAndIncrement();
        long pid = ProcessHandle.current().pid();
        return instance == 0 ? String.valueOf(pid) : pid + "-" + instance;
    }

}
