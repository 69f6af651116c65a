package dev.deeppredictor.api.upload;

import dev.deeppredictor.api.config.ApiProperties;
import java.util.function.Function;

import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.storage.ObjectStore;
import dev.deeppredictor.model.StatusCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads a multipart upload from its stream of part events, without temporary files: an image up to
 * one part's size is held in memory, a larger one streams to the object store as it arrives (see
 * {@link ImageReceiver}). The upload is refused as soon as any limit is passed (image size, field
 * length, number of fields, body size, and for a streamed image its structure) rather than after it
 * has all arrived. Malformed bodies become a 400 that says what was wrong.
 */
@Component
public class MultipartUploadReader {

    /** The multipart field holding the image, as in the seed API. */
    public static final String IMAGE_FIELD = "image";

    private final UploadLimits limits;

    private final ImageInspector inspector;

    MultipartUploadReader(ApiProperties properties, ImageInspector inspector) {
        this.limits = UploadLimits.of(properties);
        this.inspector = inspector;
    }

    /**
     * Reads the upload and hands it to {@code handler}; an image streamed to {@code staging} while
     * it arrived is removed from there once the handler is done, whatever its outcome.
     */
    public <T> Mono<T> read(Flux<PartEvent> events, ObjectStore staging, Function<UploadForm, Mono<T>> handler) {
        return Mono.usingWhen(read(events, staging), handler, UploadForm::release,
                (form, error) -> form.release(), UploadForm::release);
    }

    Mono<UploadForm> read(Flux<PartEvent> events, ObjectStore staging) {
        return Mono.defer(() -> {
            FormCollector form = new FormCollector(this.limits, this.inspector, staging);
            // One operator for the whole body: each event goes to the part it belongs to, and only
            // an image's chunks can make the body wait (while a streamed image is stored).
            return events.concatMap(form::accept)
                .then(Mono.fromCallable(form::toForm))
                .doOnError((ex) -> form.abandon())
                .doOnCancel(form::abandon);
        }).onErrorMap(MultipartUploadReader::explain);
    }

    /**
     * Turns the multipart parser's own errors into refusals that say what was wrong. WebFlux wraps
     * them (in a ServerWebInputException, "Failed to read HTTP message"), so the cause is looked for.
     */
    private static Throwable explain(Throwable error) {
        if (error instanceof ApiException) {
            return error;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataBufferLimitException) {
                return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Part too large",
                        "A form field or part header is too large: " + cause.getMessage());
            }
            if (cause instanceof DecodingException) {
                return new ApiException(HttpStatus.BAD_REQUEST, "Malformed multipart body",
                        "The request is not a well-formed multipart/form-data body: " + cause.getMessage());
            }
        }
        if (error instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
            Throwable root = NestedExceptionUtils.getMostSpecificCause(error);
            return new ApiException(HttpStatus.valueOf(status.getStatusCode().value()), "Malformed multipart body",
                    "The multipart/form-data body could not be read: " + root.getMessage());
        }
        return error;
    }

    /**
     * The limits one upload must keep to, and the size of the parts a larger image is streamed in.
     */
    record UploadLimits(long maxImageBytes, long maxBodyBytes, int maxFieldChars, int maxFields, int partSize) {

        /** Text fields are ids, names and keys; a reCAPTCHA token is the longest, about 2 KB. */
        static final int MAX_FIELD_CHARS = 4096;

        static final int MAX_FIELDS = 16;

        static UploadLimits of(ApiProperties properties) {
            long image = properties.upload().maxSize().toBytes();
            // Room for the fields and the multipart framing around the image.
            return new UploadLimits(image, image + MAX_FIELDS * (MAX_FIELD_CHARS + 1024L), MAX_FIELD_CHARS, MAX_FIELDS,
                    (int) properties.upload().partSize().toBytes());
        }

    }

    static ApiException imageTooLarge(long limit) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Image too large",
                "The image is larger than the limit of " + limit + " bytes", StatusCode.IMAGE_NOT_SUPPORTED);
    }

}
