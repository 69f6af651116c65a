package dev.deeppredictor.predictor.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.deeppredictor.infra.test.TestServers;
import dev.deeppredictor.model.definition.ModelDefinition;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Artifacts from {@code s3://} locations in the real object store of the test servers.
 */
class S3ArtifactTests {

    private static final TestServers SERVERS = TestServers.shared();

    private static MinioClient minio;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() {
        minio = MinioClient.builder()
            .endpoint(SERVERS.s3Endpoint())
            .credentials(SERVERS.s3AccessKey(), SERVERS.s3SecretKey())
            .region("us-east-1")
            .build();
    }

    @AfterAll
    static void disconnect() throws Exception {
        minio.close();
    }

    @Test
    void loadsAModelFromTheBucket() throws Exception {
        put("models/fashion-cnn.pt");
        ModelDefinition definition = ArtifactFetcherTests.fashionDefinition(this.work, "s3-fashion",
                "s3://" + SERVERS.bucket() + "/models/fashion-cnn.pt");
        ModelLoader loader = new ModelLoader(new ArtifactFetcher(this.work.resolve("cache"), minio));
        try (LoadedModel model = loader.load(definition)) {
            assertThat(ArtifactFetcherTests.predict(definition, model).className()).isEqualTo("Ankle boot");
        }
    }

    @Test
    void aKeyEndingInSlashIsAFolder() throws Exception {
        String prefix = "models/saved-" + UUID.randomUUID() + "/";
        put(prefix + "fashion-cnn.pt");
        put(prefix + "variables/extra.pt");
        ModelDefinition definition = ArtifactFetcherTests.fashionDefinition(this.work, "s3-folder",
                "s3://" + SERVERS.bucket() + "/" + prefix);
        Path folder = new ArtifactFetcher(this.work.resolve("cache"), minio).fetch(definition);
        assertThat(folder).isDirectory();
        assertThat(folder.resolve("fashion-cnn.pt")).isRegularFile();
        assertThat(folder.resolve("variables/extra.pt")).isRegularFile();
    }

    @Test
    void aMissingKeyNamesModelAndLocation() throws Exception {
        String location = "s3://" + SERVERS.bucket() + "/models/none-" + UUID.randomUUID() + ".pt";
        ModelDefinition definition = ArtifactFetcherTests.fashionDefinition(this.work, "s3-missing", location);
        assertThatExceptionOfType(ModelLoadException.class)
            .isThrownBy(() -> new ArtifactFetcher(this.work.resolve("cache"), minio).fetch(definition))
            .withMessageContaining("s3-missing")
            .withMessageContaining(location);
    }

    private static void put(String key) throws Exception {
        Path model = ArtifactFetcherTests.repo().resolve("config/artifacts/fashion/fashion-cnn.pt");
        assertThat(Files.isRegularFile(model)).isTrue();
        minio.uploadObject(UploadObjectArgs.builder().bucket(SERVERS.bucket()).object(key).filename(model.toString())
            .build());
    }

}
