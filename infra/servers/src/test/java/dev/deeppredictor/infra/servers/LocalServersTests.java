package dev.deeppredictor.infra.servers;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.MinioException;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Runs the packaged launcher and talks to it with the same kinds of clients the services use. */
class LocalServersTests {

    private static final byte[] IMAGE = "not really a png".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDir;

    /** This test's launcher log, kept in target for a look after a failure. */
    private Path log;

    @BeforeEach
    void newLog(TestInfo test) throws Exception {
        log = Path.of("target", "launcher-logs", test.getTestMethod().orElseThrow().getName() + ".log");
        Files.deleteIfExists(log);
    }

    @Test
    void servesSignedS3RequestsOnTheCreatedBucket() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(log, "--mongo-backend", "memory", "--s3-port", "0",
                "--mongo-port", "0", "--data-dir", dataDir.toString())) {
            MinioClient s3 = s3(launcher, "deep-predictor-secret");
            assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket("deep-predictor").build())).isTrue();

            put(s3, "images/one.png", IMAGE);

            assertThat(get(s3, "images/one.png")).isEqualTo(IMAGE);
            assertThat(dataDir.resolve("s3/deep-predictor")).isDirectory();
            assertThatExceptionOfType(MinioException.class)
                .isThrownBy(() -> get(s3(launcher, "wrong-secret"), "images/one.png"));
        }
    }

    @Test
    void servesMongoDocumentsFromMemoryWithoutADataFolder() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(log, "--mongo-backend", "memory", "--s3-port", "0",
                "--mongo-port", "0");
                MongoClient mongo = MongoClients.create(launcher.mongoUri())) {
            MongoCollection<Document> predictions = mongo.getDatabase("deep_predictor").getCollection("predictions");

            predictions.insertOne(new Document("_id", "job-1").append("state", "QUEUED"));

            assertThat(predictions.find(new Document("_id", "job-1")).first()).containsEntry("state", "QUEUED");
            put(s3(launcher, "deep-predictor-secret"), "in-memory.png", IMAGE);
            assertThat(get(s3(launcher, "deep-predictor-secret"), "in-memory.png")).isEqualTo(IMAGE);
        }
    }

    @Test
    void keepsDocumentsAndObjectsAcrossARestart() throws Exception {
        String[] args = { "--s3-port", "0", "--mongo-port", "0", "--data-dir", dataDir.toString() };
        try (LauncherProcess first = LauncherProcess.start(log, args);
                MongoClient mongo = MongoClients.create(first.mongoUri())) {
            mongo.getDatabase("deep_predictor").getCollection("predictions")
                .insertOne(new Document("_id", "job-2").append("state", "DONE"));
            put(s3(first, "deep-predictor-secret"), "kept.png", IMAGE);
            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited as asked.
            assertThat(first.stop()).isEqualTo(143);
        }
        assertThat(dataDir.resolve("mongo/deep-predictor.mv")).isRegularFile();

        try (LauncherProcess second = LauncherProcess.start(log, args);
                MongoClient mongo = MongoClients.create(second.mongoUri())) {
            Document found = mongo.getDatabase("deep_predictor").getCollection("predictions")
                .find(new Document("_id", "job-2")).first();
            assertThat(found).containsEntry("state", "DONE");
            assertThat(get(s3(second, "deep-predictor-secret"), "kept.png")).isEqualTo(IMAGE);
        }
        // The H2 file was written and closed on SIGTERM.
        assertThat(Files.readString(log)).contains("closing IndexedH2Backend[");
    }

    @Test
    void failsWithoutReadyLineWhenAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            assertThatIllegalStateException()
                .isThrownBy(() -> LauncherProcess.start(log, "--mongo-backend", "memory", "--s3-port", "0",
                        "--mongo-port", port))
                .havingCause()
                .withMessage("launcher exited with code 1");
            assertThat(Files.readString(log)).contains("MongoDB cannot listen on 127.0.0.1:" + port);
        }
    }

    private static MinioClient s3(LauncherProcess launcher, String secretKey) {
        return MinioClient.builder().endpoint(launcher.s3Endpoint()).credentials("deep-predictor", secretKey).build();
    }

    private static void put(MinioClient s3, String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket("deep-predictor").object(key).contentType("image/png")
            .stream(new ByteArrayInputStream(bytes), (long) bytes.length, null).build());
    }

    private static byte[] get(MinioClient s3, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket("deep-predictor").object(key).build())) {
            return in.readAllBytes();
        }
    }

}
