package dev.deeppredictor.api.upload;

import java.util.Map;

/**
 * A multipart upload as read from the request: its text fields and the image part.
 *
 * @param fields text fields by name
 * @param image the image bytes, or {@code null} when no image part was sent
 * @param filename the file name the client gave, for messages only
 */
public record UploadForm(Map<String, String> fields, byte[] image, String filename) {

    /** A text field, or {@code null}. */
    public String field(String name) {
        return this.fields.get(name);
    }

}
