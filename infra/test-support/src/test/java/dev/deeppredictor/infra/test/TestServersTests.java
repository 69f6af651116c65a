package dev.deeppredictor.infra.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class TestServersTests {

    @Test
    void sharedIsStartedOnce() {
        assertThat(TestServers.shared()).isSameAs(TestServers.shared());
        assertThat(TestServers.shared().repoRoot().resolve("infra/local/rabbitmq.sh")).isRegularFile();
    }

    @Test
    void rabbitMqDeliversAPublishedMessage() throws Exception {
        TestServers servers = TestServers.shared();
        try (Connection connection = rabbit(servers).newConnection(); Channel channel = connection.createChannel()) {
            String queue = channel.queueDeclare("round-trip-" + UUID.randomUUID(), false, true, true, null).getQueue();

            channel.basicPublish("", queue, MessageProperties.TEXT_PLAIN, bytes("hello"));

            GetResponse received = awaitMessage(channel, queue);
            assertThat(new String(received.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        assertThat(managementOverview(servers)).contains("\"management_version\"");
    }

    @Test
    void s3StoresAndReturnsAnObjectInTheBucket() throws Exception {
        TestServers servers = TestServers.shared();
        MinioClient s3 = MinioClient.builder().endpoint(servers.s3Endpoint())
            .credentials(servers.s3AccessKey(), servers.s3SecretKey()).build();
        byte[] image = bytes("pretend this is a png");

        assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket(servers.bucket()).build())).isTrue();
        s3.putObject(PutObjectArgs.builder().bucket(servers.bucket()).object("uploads/test.png").contentType("image/png")
            .stream(new ByteArrayInputStream(image), (long) image.length, null).build());

        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(servers.bucket()).object("uploads/test.png")
            .build())) {
            assertThat(in.readAllBytes()).isEqualTo(image);
        }
    }

    @Test
    void mongoFindsAnInsertedDocument() {
        TestServers servers = TestServers.shared();
        try (MongoClient mongo = MongoClients.create(servers.mongoUri("test_support"))) {
            MongoCollection<Document> predictions = mongo.getDatabase("test_support").getCollection("predictions");

            predictions.insertOne(new Document("_id", "job-1").append("state", "QUEUED"));

            assertThat(predictions.find(new Document("_id", "job-1")).first()).containsEntry("state", "QUEUED");
        }
    }

    @Test
    void springPropertiesAndEnvironmentDescribeTheSameServers() {
        TestServers servers = TestServers.shared();
        Map<String, String> properties = servers.springProperties("db");
        Map<String, String> environment = servers.environment("db");

        assertThat(properties).containsEntry("spring.rabbitmq.port", String.valueOf(servers.rabbitPort()))
            .containsEntry("spring.mongodb.uri", servers.mongoUri("db"))
            .containsEntry("deep-predictor.storage.bucket", "deep-predictor")
            .containsEntry("deep-predictor.rabbitmq.management-url", servers.rabbitManagementUrl());
        assertThat(environment).hasSameSizeAs(properties);
        // Spring binds such a variable to the property whose dots and dashes became underscores.
        properties.forEach((name, value) -> assertThat(environment)
            .containsEntry(name.toUpperCase().replace('.', '_').replace('-', '_'), value));
        assertThat(servers.mongoUri("db")).matches("mongodb://[^/]+:\\d+/db");
    }

    @Test
    void aMissingLauncherJarNamesTheBuildToRun(@TempDir Path emptyRepo) {
        assertThatIllegalStateException()
            .isThrownBy(() -> LauncherProcess.start(emptyRepo, emptyRepo.resolve("data"), TestServers.BUCKET))
            .withMessageContaining("local-servers.jar is missing")
            .withMessageContaining("./mvnw -B -pl infra/servers -am package");
    }

    @Test
    void theBrokerComesBackOnItsPortsAndNothingOutlivesStop() throws Exception {
        TestServers servers = TestServers.start();
        try {
            ConnectionFactory factory = rabbit(servers);
            try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
                channel.queueDeclare("survivor", true, false, false, null);
                channel.basicPublish("", "survivor", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("kept"));
            }

            servers.stopRabbit();
            assertThatException().isThrownBy(factory::newConnection);
            servers.startRabbit();

            try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
                assertThat(new String(awaitMessage(channel, "survivor").getBody(), StandardCharsets.UTF_8))
                    .isEqualTo("kept");
            }
        }
        finally {
            servers.stop();
        }
        assertNothingListensOrRuns(servers);
    }

    /**
     * In local mode: the ports are closed, and no process (RabbitMQ node, its epmd, the launcher, the
     * watchdog) mentions the servers' data folder in its command line or environment any more.
     */
    private static void assertNothingListensOrRuns(TestServers servers) throws IOException {
        if (!servers.rabbitHost().equals("127.0.0.1")) {
            return; // containers, which Testcontainers removes
        }
        assertThat(listens(servers.rabbitPort())).isFalse();
        assertThat(listens(URI.create(servers.s3Endpoint()).getPort())).isFalse();
        assertThat(listens(URI.create(servers.mongoUri("x")).getPort())).isFalse();
        String dataDir = dataDirOf(servers).toString();
        List<Long> leftovers = ProcessHandle.allProcesses()
            .filter((process) -> mentions(process.pid(), dataDir))
            .map(ProcessHandle::pid)
            .toList();
        assertThat(leftovers).isEmpty();
    }

    /** The folder of this JVM's extra servers whose RabbitMQ configuration names their AMQP port. */
    private static Path dataDirOf(TestServers servers) throws IOException {
        String listener = "127.0.0.1:" + servers.rabbitPort() + "\n";
        try (var folders = Files.list(servers.repoRoot().resolve("target/test-servers"))) {
            return folders.filter((folder) -> read(folder.resolve("rabbitmq/rabbitmq.conf")).contains(listener))
                .findFirst()
                .orElseThrow();
        }
    }

    private static boolean mentions(long pid, String text) {
        Path proc = Path.of("/proc", String.valueOf(pid));
        return read(proc.resolve("cmdline")).contains(text) || read(proc.resolve("environ")).contains(text);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            return "";
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static ConnectionFactory rabbit(TestServers servers) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(servers.rabbitHost());
        factory.setPort(servers.rabbitPort());
        factory.setUsername(servers.rabbitUsername());
        factory.setPassword(servers.rabbitPassword());
        return factory;
    }

    private static GetResponse awaitMessage(Channel channel, String queue) {
        return await("a message in " + queue).atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> channel.basicGet(queue, true), Objects::nonNull);
    }

    private static String managementOverview(TestServers servers) throws Exception {
        String credentials = servers.rabbitUsername() + ":" + servers.rabbitPassword();
        HttpRequest request = HttpRequest.newBuilder(URI.create(servers.rabbitManagementUrl() + "/api/overview"))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(bytes(credentials)))
            .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
