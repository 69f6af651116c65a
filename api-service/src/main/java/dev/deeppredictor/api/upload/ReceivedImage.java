package dev.deeppredictor.api.upload;

import dev.deeppredictor.api.storage.ObjectStore;
import reactor.core.publisher.Mono;

/**
 * The image of an upload as received: small ones held in memory ({@link HeldImage}), larger ones
 * already in the object store, checked on their way there ({@link StreamedImage}).
 */
public sealed interface ReceivedImage permits HeldImage, StreamedImage {

    /** Its size in bytes. */
    long size();

    /** Its checks' verdict: the image, or an {@code ApiException} (413, 415) when it cannot be used. */
    InspectedImage inspect(ImageInspector inspector);

    /** Its SHA-256 in hex. */
    String sha256Hex();

    /** Puts it at {@code key} in {@code store}. */
    Mono<Void> storeAt(ObjectStore store, String key, String contentType);

    /** Lets go of what it holds outside this process; done once the upload is accepted or refused. */
    Mono<Void> release();

}
