package dev.deeppredictor.api.upload;

import dev.deeppredictor.api.storage.ObjectStore;
import reactor.core.publisher.Mono;

/**
 * An image small enough to be held in memory until the upload is read (at most one part's size):
 * checked, hashed and stored in one piece.
 *
 * @param bytes the image file
 */
public record HeldImage(byte[] bytes) implements ReceivedImage {

    @Override
    public long size() {
        return this.bytes.length;
    }

    @Override
    public InspectedImage inspect(ImageInspector inspector) {
        return inspector.inspect(this.bytes);
    }

    @Override
    public String sha256Hex() {
        return ClientIds.sha256Hex(this.bytes);
    }

    @Override
    public Mono<Void> storeAt(ObjectStore store, String key, String contentType) {
        return store.put(key, this.bytes, contentType, sha256Hex());
    }

    @Override
    public Mono<Void> release() {
        return Mono.empty();
    }

}
