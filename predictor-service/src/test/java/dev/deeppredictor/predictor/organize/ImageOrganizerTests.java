package dev.deeppredictor.predictor.organize;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.deeppredictor.infra.test.TestServers;
import dev.deeppredictor.model.ModelInfo;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.StatusCode;
import dev.deeppredictor.model.definition.ModelDefinition.ImageAction;
import dev.deeppredictor.predictor.InfrastructureException;
import dev.deeppredictor.predictor.result.JobOutcome;
import dev.deeppredictor.predictor.storage.ImageStore;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The image actions against the real S3 test server, and against a store that is not there. */
class ImageOrganizerTests {

    private static final TestServers SERVERS = TestServers.shared();

    private static final ModelInfo INFO = new ModelInfo("fashion-cnn", 300, "pytorch");

    private final MinioClient minio = MinioClient.builder()
        .endpoint(SERVERS.s3Endpoint())
        .credentials(SERVERS.s3AccessKey(), SERVERS.s3SecretKey())
        .region("us-east-1")
        .build();

    private final String bucket = "organizer-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void savedImagesAreFiledUnderTheirLabelAndTheUploadGoesAfterTheWrite() throws Exception {
        ImageStore images = images();
        JobOutcome outcome = succeeded("a", "T-shirt/top");
        put(outcome.job().imageKey());
        ImageOrganizer organizer = new ImageOrganizer("fashion", ImageAction.save, images);

        List<JobOutcome> filed = organizer.file(List.of(outcome));

        assertThat(filed).singleElement().satisfies((done) -> {
            assertThat(done.imageKey()).isEqualTo("fashion/T-shirt_top/a.png");
            assertThat(done.status()).isEqualTo(StatusCode.DONE);
        });
        assertThat(exists("fashion/T-shirt_top/a.png")).isTrue();
        assertThat(exists(outcome.job().imageKey())).as("kept until the result is stored").isTrue();
        assertThat(organizer.cleanUp(filed)).isEmpty();
        assertThat(exists(outcome.job().imageKey())).isFalse();
    }

    @Test
    void anImageTheStoreRefusesToCopyEndsWith530KeepingItsPredictions() throws Exception {
        JobOutcome outcome = succeeded("gone", "Bag");

        List<JobOutcome> filed = new ImageOrganizer("fashion", ImageAction.save, images()).file(List.of(outcome));

        assertThat(filed).singleElement().satisfies((failed) -> {
            assertThat(failed.status()).isEqualTo(StatusCode.IMAGE_STORAGE_ERROR);
            assertThat(failed.predictions()).isEqualTo(outcome.predictions());
            assertThat(failed.imageKey()).isEqualTo(outcome.job().imageKey());
            assertThat(failed.error()).contains("could not be saved");
        });
    }

    @Test
    void anUnreachableStoreIsAnOutageToRetryNotA530() {
        MinioClient nowhere = MinioClient.builder().endpoint("http://127.0.0.1:9").credentials("a", "b").build();
        ImageOrganizer organizer = new ImageOrganizer("fashion", ImageAction.save, new ImageStore(nowhere, "any"));

        assertThatExceptionOfType(InfrastructureException.class)
            .isThrownBy(() -> organizer.file(List.of(succeeded("b", "Bag"))));
    }

    @Test
    void removedImagesAreGoneAfterTheWrite() throws Exception {
        ImageStore images = images();
        JobOutcome outcome = succeeded("c", "Sandal");
        put(outcome.job().imageKey());
        ImageOrganizer organizer = new ImageOrganizer("fashion", ImageAction.remove, images);

        List<JobOutcome> filed = organizer.file(List.of(outcome));

        assertThat(filed.get(0).imageKey()).isNull();
        assertThat(organizer.cleanUp(filed)).isEmpty();
        assertThat(exists(outcome.job().imageKey())).isFalse();
    }

    private ImageStore images() throws Exception {
        if (!this.minio.bucketExists(BucketExistsArgs.builder().bucket(this.bucket).build())) {
            this.minio.makeBucket(MakeBucketArgs.builder().bucket(this.bucket).build());
        }
        return new ImageStore(this.minio, this.bucket);
    }

    private void put(String key) throws Exception {
        byte[] bytes = { 1, 2, 3 };
        this.minio.putObject(PutObjectArgs.builder().bucket(this.bucket).object(key)
            .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
    }

    private boolean exists(String key) {
        try {
            this.minio.statObject(StatObjectArgs.builder().bucket(this.bucket).object(key).build());
            return true;
        }
        catch (Exception ex) {
            return false;
        }
    }

    private static JobOutcome succeeded(String id, String label) {
        PredictionJob job = new PredictionJob(id, "fashion", "uploads/fashion/" + id + ".png", "image/png",
                Instant.now(), false);
        return JobOutcome.succeeded(job, List.of(Prediction.classification(0, label, 0.9)), label, 0.001, INFO,
                Instant.now());
    }

}
