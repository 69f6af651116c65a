package dev.deeppredictor.api.upload;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;

/**
 * Reads a multipart upload from its stream of part events, without temporary files: the image is
 * gathered in memory up to the size limit, and the upload is refused with 413 as soon as it
 * passes the limit rather than after it has all arrived.
 */
@Component
public class MultipartUploadReader {

    /** The multipart field holding the image, as in the seed API. */
    public static final String IMAGE_FIELD = "image";

    private static final int MAX_FIELDS = 16;

    private final long maxImageBytes;

    MultipartUploadReader(ApiProperties properties) {
        this.maxImageBytes = properties.upload().maxSize().toBytes();
    }

    public Mono<UploadForm> read(Flux<PartEvent> events) {
        return events.windowUntil(PartEvent::isLast)
            .concatMap((part) -> part.switchOnFirst((first, all) -> {
                PartEvent event = first.get();
                if (event instanceof FilePartEvent file && IMAGE_FIELD.equals(file.name())) {
                    return collectImage(file.filename(), all);
                }
                if (event instanceof FormPartEvent form) {
                    return all.doOnNext((e) -> DataBufferUtils.release(e.content()))
                        .then(Mono.just(new Field(form.name(), form.value())));
                }
                // Unknown file parts are drained and dropped.
                return all.doOnNext((e) -> DataBufferUtils.release(e.content())).then(Mono.<Part>empty());
            }))
            .collectList()
            .map(this::toForm);
    }

    private Mono<Part> collectImage(String filename, Flux<PartEvent> events) {
        return events.reduceWith(ImageBytes::new, (bytes, event) -> {
            DataBuffer content = event.content();
            try {
                bytes.append(content, this.maxImageBytes);
            }
            finally {
                DataBufferUtils.release(content);
            }
            return bytes;
        }).map((bytes) -> new Image(filename, bytes.toArray()));
    }

    private UploadForm toForm(java.util.List<Part> parts) {
        Map<String, String> fields = new LinkedHashMap<>();
        Image image = null;
        for (Part part : parts) {
            if (part instanceof Image found) {
                if (image != null) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "Too many images", "Send exactly one image part");
                }
                image = found;
            }
            else if (part instanceof Field field) {
                fields.put(field.name(), field.value());
            }
        }
        if (fields.size() > MAX_FIELDS) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Too many fields", "An upload has at most " + MAX_FIELDS + " fields");
        }
        return new UploadForm(Map.copyOf(fields), image == null ? null : image.bytes(),
                image == null ? null : image.filename());
    }

    private sealed interface Part permits Field, Image {
    }

    private record Field(String name, String value) implements Part {
    }

    private record Image(String filename, byte[] bytes) implements Part {
    }

    /** A growing byte array that refuses to grow past the limit. */
    private static final class ImageBytes {

        private byte[] data = new byte[64 * 1024];

        private int length;

        void append(DataBuffer buffer, long limit) {
            int count = buffer.readableByteCount();
            if (this.length + (long) count > limit) {
                throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Image too large",
                        "The image is larger than the limit of " + limit + " bytes");
            }
            if (this.length + count > this.data.length) {
                this.data = java.util.Arrays.copyOf(this.data, Math.max(this.data.length * 2, this.length + count));
            }
            buffer.read(this.data, this.length, count);
            this.length += count;
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(this.data, this.length);
        }

    }

}
