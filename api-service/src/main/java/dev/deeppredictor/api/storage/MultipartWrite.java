package dev.deeppredictor.api.storage;

import java.util.ArrayList;
import java.util.List;

import io.minio.AbortMultipartUploadArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.MinioAsyncClient;
import io.minio.UploadPartArgs;
import io.minio.messages.Part;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One object written in parts while its content is still arriving (an S3 multipart upload). Parts
 * are sent one after the other; the object appears only when the write is completed, and an
 * aborted write leaves nothing behind.
 */
public final class MultipartWrite {

    private final MinioAsyncClient client;

    private final String bucket;

    private final String key;

    private final String uploadId;

    private final List<Part> parts = new ArrayList<>();

    MultipartWrite(MinioAsyncClient client, String bucket, String key, String uploadId) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
    }

    public String key() {
        return this.key;
    }

    /**
     * Sends the next part: the first {@code length} bytes of {@code data}, which must not change until
     * the returned Mono completes. Every part but the last must be at least 5 MiB (S3's rule).
     */
    public Mono<Void> part(byte[] data, int length) {
        int number = this.parts.size() + 1;
        UploadPartArgs args = UploadPartArgs.builder()
            .bucket(this.bucket)
            .object(this.key)
            .uploadId(this.uploadId)
            .partNumber(number)
            .data(data, length)
            .build();
        // The client hashes the part to sign it over plain HTTP: megabytes of work, kept off the event loop.
        return Mono.defer(() -> Mono.fromFuture(this.client.uploadPart(args)))
            .subscribeOn(Schedulers.boundedElastic())
            .doOnNext((response) -> this.parts.add(new Part(number, response.part().etag())))
            .then();
    }

    /** Makes the object of the parts sent. */
    public Mono<Void> complete() {
        return Mono.defer(() -> Mono.fromFuture(this.client.completeMultipartUpload(CompleteMultipartUploadArgs.builder()
            .bucket(this.bucket)
            .object(this.key)
            .uploadId(this.uploadId)
            .parts(this.parts.toArray(Part[]::new))
            .build()))).then();
    }

    /** Drops the parts sent; the store keeps nothing of this write. */
    public Mono<Void> abort() {
        return Mono.defer(() -> Mono.fromFuture(this.client.abortMultipartUpload(AbortMultipartUploadArgs.builder()
            .bucket(this.bucket)
            .object(this.key)
            .uploadId(this.uploadId)
            .build()))).then();
    }

}
