package dev.deeppredictor.api.upload;

import dev.deeppredictor.api.storage.ObjectStore;
import reactor.core.publisher.Mono;

/**
 * An image small enough to be held in memory until the upload is read (at most one part's size):
 * checked and stored in one piece. Its SHA-256 is computed only when asked for (slow Java code
 * under C1), and at most once.
 */
public final class HeldImage implements ReceivedImage {

    private final byte[] bytes;

    private volatile String sha256Hex;

    /** @param bytes the image file */
    public HeldImage(byte[] bytes) {
        this.bytes = bytes;
    }

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
        String digest = this.sha256Hex;
        if (digest == null) {
            digest = ClientIds.sha256Hex(this.bytes);
            this.sha256Hex = digest;
        }
        return digest;
    }

    @Override
    public Mono<Void> storeAt(ObjectStore store, String key, String contentType) {
        return store.put(key, this.bytes, contentType);
    }

    @Override
    public Mono<Void> release() {
        return Mono.empty();
    }

}
