package dev.deeppredictor.api.storage;

import java.io.InputStream;
import java.time.Duration;

import dev.deeppredictor.api.config.StorageProperties;

import io.minio.BucketExistsArgs;
import io.minio.Checksum;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Uploaded images in one bucket of the S3 object store (the bean: production's bucket). The MinIO client blocks, so every call runs on the
 * bounded elastic scheduler, never on an event-loop thread.
 */
@Component
public class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private static final java.util.Set<String> RETRYABLE_CODES = java.util.Set.of("InternalError", "SlowDown",
            "ServiceUnavailable");

    private final MinioClient client;

    private final String bucket;

    @Autowired
    ObjectStore(MinioClient client, StorageProperties storage) {
        this(client, storage.bucket());
    }

    /** The store of another bucket (the test API's). */
    public ObjectStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /**
     * Stores an image; CRC32 instead of the default pure-Java CRC32C keeps the checksum cheap. A
     * store answering with a server error that S3 says to retry (InternalError, SlowDown,
     * ServiceUnavailable) gets the same PUT again, twice at most: S3Proxy's filesystem store gives
     * InternalError when a predictor's delete removes the folder a PUT is writing into.
     */
    public Mono<Void> put(String key, byte[] content, String contentType) {
        return Mono.<Void>fromCallable(() -> {
            this.client.putObject(PutObjectArgs.builder()
                .bucket(this.bucket)
                .object(key)
                .data(content, content.length)
                .contentType(contentType)
                .checksum(Checksum.Algorithm.CRC32)
                .build());
            return null;
        })
            .subscribeOn(Schedulers.boundedElastic())
            .retryWhen(Retry.backoff(2, Duration.ofMillis(50)).filter(ObjectStore::worthRetrying)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    private static boolean worthRetrying(Throwable failure) {
        return failure instanceof ErrorResponseException response
                && RETRYABLE_CODES.contains(response.errorResponse().code());
    }

    /**
     * Opens a stored object for reading, or completes empty when there is no such object (never
     * stored, or already removed by a predictor's image action). The caller closes the stream.
     */
    public Mono<InputStream> get(String key) {
        return Mono.<InputStream>fromCallable(() -> {
            try {
                return this.client.getObject(GetObjectArgs.builder().bucket(this.bucket).object(key).build());
            }
            catch (ErrorResponseException ex) {
                if ("NoSuchKey".equals(ex.errorResponse().code())) {
                    return null;
                }
                throw ex;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Deletes an object; used to leave no orphan when an upload cannot be completed. */
    public Mono<Void> delete(String key) {
        return Mono.<Void>fromCallable(() -> {
            this.client.removeObject(RemoveObjectArgs.builder().bucket(this.bucket).object(key).build());
            return null;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Creates the bucket when it does not exist yet. */
    public void ensureBucket() throws MinioException {
        if (!this.client.bucketExists(BucketExistsArgs.builder().bucket(this.bucket).build())) {
            this.client.makeBucket(MakeBucketArgs.builder().bucket(this.bucket).build());
            log.info("event=bucket-created bucket={}", this.bucket);
        }
    }

}
