package dev.deeppredictor.api.hostile;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;

/**
 * The two upload endpoints, each with its own field names: every hostile case is sent to both.
 */
enum Endpoint {

    SEED("/upload", "prediction_id", "model_name", HttpStatus.OK),

    MODERN("/api/v1/predictions", "id", "model", HttpStatus.ACCEPTED);

    static final String KEY = "local-dev-key";

    final String path;

    final String idField;

    final String modelField;

    final HttpStatus accepted;

    Endpoint(String path, String idField, String modelField, HttpStatus accepted) {
        this.path = path;
        this.idField = idField;
        this.modelField = modelField;
        this.accepted = accepted;
    }

    /** A complete, valid form around the given image part; callers add or break fields. */
    MultipartBodyBuilder form(String id, byte[] image, String filename) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part(this.idField, id);
        form.part(this.modelField, "fashion");
        if (image != null) {
            form.part("image", named(image, filename)).contentType(MediaType.APPLICATION_OCTET_STREAM);
        }
        form.part("api_key", KEY);
        return form;
    }

    static ByteArrayResource named(byte[] content, String filename) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return filename;
            }
        };
    }

}
