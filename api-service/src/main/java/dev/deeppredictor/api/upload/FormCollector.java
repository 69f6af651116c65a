package dev.deeppredictor.api.upload;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.upload.MultipartUploadReader.UploadLimits;
import dev.deeppredictor.model.StatusCode;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;

/**
 * The parts of one upload as they arrive, one at a time (the part events of a request are
 * sequential). Every limit is checked on arrival, so a refusal comes while the body is still coming.
 */
final class FormCollector {

    private final UploadLimits limits;

    private final Map<String, String> fields = new LinkedHashMap<>();

    private byte[] image;

    private int imageLength;

    private String filename;

    private long bodyBytes;

    FormCollector(UploadLimits limits) {
        this.limits = limits;
    }

    void addField(String name, String value) {
        if (IMAGE_FIELD_NAME.equals(name)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Image is not a file",
                    "The 'image' part must be a file part (with a filename), not a text field",
                    StatusCode.IMAGE_NOT_SUPPORTED);
        }
        if (value.length() > this.limits.maxFieldChars()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Field too large", "The field '" + printable(name)
                    + "' has " + value.length() + " characters, more than the limit of " + this.limits.maxFieldChars());
        }
        if (this.fields.size() >= this.limits.maxFields()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Too many fields",
                    "An upload has at most " + this.limits.maxFields() + " fields");
        }
        if (this.fields.putIfAbsent(name, value) != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Repeated field",
                    "The field '" + printable(name) + "' is sent more than once");
        }
        count(name.length() + value.length());
    }

    void startImage(String filename) {
        if (this.image != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Too many images", "Send exactly one image part");
        }
        this.image = new byte[64 * 1024];
        this.filename = filename;
    }

    /** Appends a chunk of the image, releasing the buffer whatever happens. */
    void appendImage(DataBuffer buffer) {
        try {
            int count = buffer.readableByteCount();
            count(count);
            if (this.imageLength + (long) count > this.limits.maxImageBytes()) {
                throw MultipartUploadReader.imageTooLarge(this.limits.maxImageBytes());
            }
            if (this.imageLength + count > this.image.length) {
                int grown = (int) Math.min(this.limits.maxImageBytes(),
                        Math.max(this.image.length * 2L, this.imageLength + (long) count));
                this.image = Arrays.copyOf(this.image, grown);
            }
            buffer.read(this.image, this.imageLength, count);
            this.imageLength += count;
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** Counts and drops a chunk of a part that is not kept. */
    void discard(DataBuffer buffer) {
        try {
            count(buffer.readableByteCount());
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }

    UploadForm toForm() {
        if (this.image != null && this.imageLength == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Empty image", "The image part has no content (0 bytes)",
                    StatusCode.IMAGE_NOT_SUPPORTED);
        }
        byte[] bytes = (this.image == null) ? null
                : (this.imageLength == this.image.length) ? this.image : Arrays.copyOf(this.image, this.imageLength);
        return new UploadForm(Map.copyOf(this.fields), bytes, this.filename);
    }

    /** Drops the image early when the upload is refused or cancelled. */
    void clear() {
        this.image = null;
    }

    private void count(long bytes) {
        this.bodyBytes += bytes;
        if (this.bodyBytes > this.limits.maxBodyBytes()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Upload too large",
                    "The upload is larger than the limit of " + this.limits.maxBodyBytes() + " bytes");
        }
    }

    /** A client-given name fit for a message: short and without control characters. */
    static String printable(String text) {
        String shortened = (text.length() > 64) ? text.substring(0, 64) + "..." : text;
        return shortened.codePoints()
            .map((c) -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    }

    private static final String IMAGE_FIELD_NAME = MultipartUploadReader.IMAGE_FIELD;

}
