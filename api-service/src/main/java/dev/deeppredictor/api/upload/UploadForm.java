package dev.deeppredictor.api.upload;

import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * A multipart upload as read from the request: its text fields and the image part.
 *
 * @param fields text fields by name
 * @param image the image, or {@code null} when no image part was sent
 * @param filename the file name the client gave, for messages only
 */
public record UploadForm(Map<String, String> fields, ReceivedImage image, String filename) {

    /** A text field, or {@code null}. */
    public String field(String name) {
        return this.fields.get(name);
    }

    /** Lets go of the image's staging object, if it streamed. */
    public Mono<Void> release() {
        return (this.image != null) ? this.image.release() : Mono.empty();
    }

}
