package dev.deeppredictor.api.storage;

import java.io.InputStream;
import java.util.Random;
import java.util.UUID;

import dev.deeppredictor.api.config.StorageProperties;
import dev.deeppredictor.infra.test.TestServers;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectAPIArgs;
import io.minio.errors.ErrorResponseException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Single PUTs against the test servers' real S3 store: the payload goes unsigned, so the CRC32 the
 * API sends with it is what guards it, and the store must check it.
 */
class ObjectStoreIntegrationTests {

    private static final TestServers SERVERS = TestServers.shared();

    private MinioAsyncClient client;

    private ObjectStore store;

    @BeforeEach
    void connect() throws Exception {
        this.client = new ObjectStoreConfiguration().minioAsyncClient(new StorageProperties(SERVERS.s3Endpoint(),
                SERVERS.s3AccessKey(), SERVERS.s3SecretKey(), SERVERS.bucket(), "unused", "us-east-1"));
        this.store = new ObjectStore(this.client, SERVERS.bucket());
        this.store.ensureBucket();
    }

    @Test
    void anImageSentWithAnUnsignedPayloadIsStoredExactly() throws Exception {
        byte[] image = new byte[60_000];
        new Random(7).nextBytes(image);
        String key = "uploads/object-store-tests/" + UUID.randomUUID() + ".jpg";

        this.store.put(key, image, "image/jpeg").block();

        try (InputStream stored = this.store.get(key).block()) {
            assertThat(stored.readAllBytes()).isEqualTo(image);
        }
    }

    @Test
    void aPayloadChangedAfterItsChecksumWasTakenIsRefusedByTheStore() throws Exception {
        byte[] image = new byte[20_000];
        new Random(8).nextBytes(image);
        String key = "uploads/object-store-tests/" + UUID.randomUUID() + ".jpg";
        PutObjectAPIArgs put = this.store.putArgs(key, image, "image/jpeg");
        image[12_345] ^= 0x10;

        assertThatExceptionOfType(Exception.class).isThrownBy(() -> this.client.putObject(put).join())
            .satisfies((ex) -> assertThat(ex.getCause()).isInstanceOf(ErrorResponseException.class));
        assertThat(this.store.get(key).blockOptional()).isEmpty();
    }

}
