package dev.deeppredictor.api.storage;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import dev.deeppredictor.api.config.StorageProperties;
import dev.deeppredictor.model.transport.UnsignedPutHeaders;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.GetObjectArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectAPIArgs;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SourceObject;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import okhttp3.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Uploaded images in one bucket of the S3 object store (the bean: production's bucket), through
 * MinIO's asynchronous client: a PUT, GET or DELETE holds no thread while it waits (only the
 * bucket check at start-up blocks).
 */
@Component
public class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private static final java.util.Set<String> RETRYABLE_CODES = java.util.Set.of("InternalError", "SlowDown",
            "ServiceUnavailable");

    private final MinioAsyncClient client;

    private final String bucket;

    @Autowired
    ObjectStore(MinioAsyncClient client, StorageProperties storage) {
        this(client, storage.bucket());
    }

    /** The store of another bucket (the test API's). */
    public ObjectStore(MinioAsyncClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /**
     * Stores an image in one PUT, its payload unsigned and guarded by a CRC32
     * ({@link UnsignedPutHeaders}: signing it by its SHA-256 was a quarter of both the API's and
     * the store's Java time with photos). A store answering with a server error that S3 says to
     * retry (InternalError, SlowDown, ServiceUnavailable) gets the same PUT again, twice at most:
     * S3Proxy's filesystem store gives InternalError when a predictor's delete removes the folder a
     * PUT is writing into.
     */
    public Mono<Void> put(String key, byte[] content, String contentType) {
        return Mono.defer(() -> Mono.fromFuture(this.client.putObject(putArgs(key, content, contentType))))
            .retryWhen(Retry.backoff(2, Duration.ofMillis(50)).filter(ObjectStore::worthRetrying)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
            .then();
    }

    /** The PUT of {@link #put}, apart so that a test can send it with its payload changed on the way. */
    PutObjectAPIArgs putArgs(String key, byte[] content, String contentType) {
        PutObjectArgs object = PutObjectArgs.builder()
            .bucket(this.bucket)
            .object(key)
            .data(content, content.length)
            .contentType(contentType)
            .build();
        return new PutObjectAPIArgs(object, content, content.length, MediaType.parse(contentType),
                new Http.Headers(UnsignedPutHeaders.of(content)));
    }

    private static boolean worthRetrying(Throwable failure) {
        failure = unwrapped(failure);
        return failure instanceof ErrorResponseException response
                && RETRYABLE_CODES.contains(response.errorResponse().code());
    }

    /**
     * Starts writing an object whose size is not known yet, in parts; see {@link MultipartWrite}.
     */
    public Mono<MultipartWrite> startMultipart(String key, String contentType) {
        return Mono.defer(() -> Mono.fromFuture(this.client.createMultipartUpload(CreateMultipartUploadArgs.builder()
            .bucket(this.bucket)
            .object(key)
            .headers(new Http.Headers("Content-Type", contentType))
            .build())))
            .map((created) -> new MultipartWrite(this.client, this.bucket, key, created.result().uploadId()));
    }

    /** Copies an object inside the bucket, on the server: no byte of it passes through here. */
    public Mono<Void> copy(String from, String to) {
        return Mono.defer(() -> Mono.fromFuture(this.client.copyObject(CopyObjectArgs.builder()
            .bucket(this.bucket)
            .object(to)
            .source(SourceObject.builder().bucket(this.bucket).object(from).build())
            .build()))).then();
    }

    /**
     * Opens a stored object for reading, or completes empty when there is no such object (never
     * stored, or already removed by a predictor's image action). The caller closes the stream.
     */
    public Mono<InputStream> get(String key) {
        return Mono.defer(() -> Mono.<InputStream>fromFuture(
                this.client.getObject(GetObjectArgs.builder().bucket(this.bucket).object(key).build())))
            .onErrorResume((ex) -> unwrapped(ex) instanceof ErrorResponseException response
                    && "NoSuchKey".equals(response.errorResponse().code()), (ex) -> Mono.empty());
    }

    /** Deletes an object; used to leave no orphan when an upload cannot be completed. */
    public Mono<Void> delete(String key) {
        return Mono.defer(() -> Mono.fromFuture(
                this.client.removeObject(RemoveObjectArgs.builder().bucket(this.bucket).object(key).build())));
    }

    /** Creates the bucket when it does not exist yet. */
    public void ensureBucket() throws MinioException {
        try {
            if (!this.client.bucketExists(BucketExistsArgs.builder().bucket(this.bucket).build()).join()) {
                this.client.makeBucket(MakeBucketArgs.builder().bucket(this.bucket).build()).join();
                log.info("event=bucket-created bucket={}", this.bucket);
            }
        }
        catch (CompletionException ex) {
            if (unwrapped(ex) instanceof MinioException minio) {
                throw minio;
            }
            throw ex;
        }
    }

    /** The client's own failure inside the future's wrappers. */
    private static Throwable unwrapped(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

}
