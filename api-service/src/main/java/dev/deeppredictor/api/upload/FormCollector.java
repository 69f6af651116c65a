package dev.deeppredictor.api.upload;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.storage.ObjectStore;
import dev.deeppredictor.api.upload.MultipartUploadReader.UploadLimits;
import dev.deeppredictor.model.StatusCode;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;

/**
 * The parts of one upload as they arrive, one at a time (the part events of a request are
 * sequential). Every limit is checked on arrival, so a refusal comes while the body is still coming.
 */
final class FormCollector {

    private final UploadLimits limits;

    private final Map<String, String> fields = new LinkedHashMap<>();

    private final ImageInspector inspector;

    private final ObjectStore staging;

    private ImageReceiver receiving;

    private ReceivedImage image;

    private String filename;

    private long bodyBytes;

    /** What the part being read is, from its first event; null between parts. */
    private PartKind part;

    FormCollector(UploadLimits limits, ImageInspector inspector, ObjectStore staging) {
        this.limits = limits;
        this.inspector = inspector;
        this.staging = staging;
    }

    /**
     * Takes the next event of the body. The first event of a part says what the part is: the
     * image, a text field, or another file, whose bytes are counted and dropped.
     */
    Mono<Void> accept(PartEvent event) {
        if (this.part == null) {
            try {
                this.part = start(event);
            }
            catch (RuntimeException ex) {
                DataBufferUtils.release(event.content());
                throw ex;
            }
        }
        PartKind kind = this.part;
        if (event.isLast()) {
            this.part = null;
        }
        return switch (kind) {
            case IMAGE -> event.isLast() ? appendImage(event.content()).then(Mono.defer(this::finishImage))
                    : appendImage(event.content());
            case FIELD -> {
                DataBufferUtils.release(event.content());
                yield Mono.empty();
            }
            case OTHER -> {
                discard(event.content());
                yield Mono.empty();
            }
        };
    }

    private PartKind start(PartEvent event) {
        if (event instanceof FilePartEvent file && IMAGE_FIELD_NAME.equals(file.name())) {
            startImage(file.filename());
            return PartKind.IMAGE;
        }
        if (event instanceof FormPartEvent field) {
            addField(field.name(), field.value());
            return PartKind.FIELD;
        }
        return PartKind.OTHER;
    }

    private void addField(String name, String value) {
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

    private void startImage(String filename) {
        if (this.receiving != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Too many images", "Send exactly one image part");
        }
        this.receiving = new ImageReceiver(this.limits.maxImageBytes(), this.limits.partSize(), this.inspector,
                this.staging);
        this.filename = filename;
    }

    /** Takes a chunk of the image (releasing the buffer); completes when the next may come. */
    private Mono<Void> appendImage(DataBuffer buffer) {
        try {
            count(buffer.readableByteCount());
        }
        catch (RuntimeException ex) {
            DataBufferUtils.release(buffer);
            throw ex;
        }
        return this.receiving.append(buffer);
    }

    /** The image part has ended. */
    private Mono<Void> finishImage() {
        return this.receiving.finish().doOnNext((received) -> this.image = received).then();
    }

    /** Counts and drops a chunk of a part that is not kept. */
    private void discard(DataBuffer buffer) {
        try {
            count(buffer.readableByteCount());
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }

    UploadForm toForm() {
        return new UploadForm(Map.copyOf(this.fields), this.image, this.filename);
    }

    /** Lets go of an image not handed on, when the upload is refused or given up while being read. */
    void abandon() {
        if (this.image != null) {
            this.image.release().subscribe(null, (ex) -> { });
        }
        else if (this.receiving != null) {
            this.receiving.abort();
        }
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

    private enum PartKind {

        IMAGE, FIELD, OTHER

    }

}
