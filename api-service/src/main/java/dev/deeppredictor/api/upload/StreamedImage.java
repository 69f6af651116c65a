package dev.deeppredictor.api.upload;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.deeppredictor.api.storage.ObjectStore;
import reactor.core.publisher.Mono;

/**
 * An image larger than one part, streamed to a staging key of the object store while it arrived
 * and checked on the way: it is copied to its key on the server when the upload is accepted, and
 * the staging object is removed whatever happens.
 */
public final class StreamedImage implements ReceivedImage {

    private final ObjectStore staging;

    private final String stagingKey;

    private final long size;

    private final InspectedImage image;

    private final String sha256Hex;

    private final AtomicBoolean released = new AtomicBoolean();

    StreamedImage(ObjectStore staging, String stagingKey, long size, InspectedImage image, String sha256Hex) {
        this.staging = staging;
        this.stagingKey = stagingKey;
        this.size = size;
        this.image = image;
        this.sha256Hex = sha256Hex;
    }

    String stagingKey() {
        return this.stagingKey;
    }

    @Override
    public long size() {
        return this.size;
    }

    @Override
    public InspectedImage inspect(ImageInspector inspector) {
        return this.image;
    }

    @Override
    public String sha256Hex() {
        return this.sha256Hex;
    }

    @Override
    public Mono<Void> storeAt(ObjectStore store, String key, String contentType) {
        return store.copy(this.stagingKey, key);
    }

    @Override
    public Mono<Void> release() {
        return Mono.defer(() -> this.released.compareAndSet(false, true) ? this.staging.delete(this.stagingKey)
                : Mono.empty());
    }

}
