package dev.deeppredictor.api.upload;

import java.util.Arrays;
import java.util.UUID;

import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.storage.MultipartWrite;
import dev.deeppredictor.api.storage.ObjectStore;
import dev.deeppredictor.model.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;

/**
 * Takes in the image part of an upload as it arrives. Up to one part's size the image is held in
 * memory and becomes a {@link HeldImage}. Once it grows past that, it streams: each full part goes to
 * a staging key of the object store (a multipart write) while the structure walk and the decode read
 * it on their own threads, and it becomes a {@link StreamedImage}. Memory then stays about two parts
 * whatever the image's size, and the request is read no faster than the store and the checks keep up.
 */
final class ImageReceiver {

    private static final Logger log = LoggerFactory.getLogger(ImageReceiver.class);

    /** Where streamed images wait until their upload is accepted. */
    static final String STAGING_PREFIX = "incoming/";

    private final long maxImageBytes;

    private final int partSize;

    private final ImageInspector inspector;

    private final ObjectStore staging;

    /** The part being filled: the whole image while it is held. */
    private byte[] part = new byte[64 * 1024];

    private int partLength;

    private long total;

    private Streaming streaming;

    /** Whether a streamed image went to the caller, who now removes its staging object. */
    private volatile boolean handedOver;

    ImageReceiver(long maxImageBytes, int partSize, ImageInspector inspector, ObjectStore staging) {
        this.maxImageBytes = maxImageBytes;
        this.partSize = partSize;
        this.inspector = inspector;
        this.staging = staging;
    }

    /**
     * Takes the next chunk of the image, releasing the buffer whatever happens. The Mono completes
     * when the next chunk may come: at once while the image is held.
     */
    Mono<Void> append(DataBuffer buffer) {
        try {
            int count = buffer.readableByteCount();
            if (this.total + count > this.maxImageBytes) {
                throw MultipartUploadReader.imageTooLarge(this.maxImageBytes);
            }
            this.total += count;
            Mono<Void> next = Mono.empty();
            while (count > 0) {
                int room = this.partSize - this.partLength;
                if (room == 0) {
                    next = next.then(sendPart());
                    continue;
                }
                int taken = Math.min(room, count);
                ensureCapacity(this.partLength + taken);
                int from = this.partLength;
                buffer.read(this.part, from, taken);
                this.partLength += taken;
                count -= taken;
                if (this.streaming != null) {
                    next = next.then(this.streaming.inspection.write(this.part, from, taken));
                }
            }
            return next;
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** The image has ended: what was received, once stored and checked when it streamed. */
    Mono<ReceivedImage> finish() {
        if (this.total == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Empty image", "The image part has no content (0 bytes)",
                    StatusCode.IMAGE_NOT_SUPPORTED);
        }
        if (this.streaming == null) {
            byte[] held = (this.partLength == this.part.length) ? this.part : Arrays.copyOf(this.part, this.partLength);
            this.part = null;
            return Mono.just(new HeldImage(held));
        }
        Streaming streamed = this.streaming;
        Mono<Void> lastPart = (this.partLength > 0) ? sendPart() : Mono.empty();
        return lastPart.then(streamed.inspection.finish())
            .flatMap((checked) -> streamed.write.flatMap(MultipartWrite::complete)
                .then(Mono.fromSupplier(() -> {
                    this.handedOver = true;
                    return new StreamedImage(this.staging, streamed.key, this.total, checked.image(), checked.sha256Hex());
                })));
    }

    /**
     * The upload is refused or given up before the image was handed on: the checks stop and the
     * store keeps nothing of it.
     */
    void abort() {
        this.part = null;
        Streaming streamed = this.streaming;
        if (streamed == null || this.handedOver) {
            return;
        }
        streamed.inspection.cancel();
        // The write may be completing as it is aborted: the staging key is removed too.
        streamed.write.flatMap(MultipartWrite::abort)
            .onErrorResume((ex) -> Mono.empty())
            .then(this.staging.delete(streamed.key))
            .subscribe(null, (ex) -> log.warn("event=staging-cleanup-failed key={} reason=\"{}\"", streamed.key,
                    ex.getMessage()));
    }

    /**
     * Sends the full part and starts a new one. The first part sent starts the streaming: its
     * format is judged from the part held (a file that is no accepted image is refused before
     * anything is stored), the multipart write and the checks start, and the checks get the part.
     */
    private Mono<Void> sendPart() {
        Mono<Void> checks = Mono.empty();
        if (this.streaming == null) {
            this.streaming = startStreaming();
            checks = this.streaming.inspection.write(this.part, 0, this.partLength);
        }
        byte[] full = this.part;
        int length = this.partLength;
        this.part = new byte[this.partSize];
        this.partLength = 0;
        return Mono.when(checks, this.streaming.write.flatMap((write) -> write.part(full, length)));
    }

    private Streaming startStreaming() {
        ImageFormat format = this.inspector.acceptedFormat(this.part, this.partLength);
        String key = STAGING_PREFIX + UUID.randomUUID() + "." + format.extension();
        Streaming started = new Streaming(key, this.staging.startMultipart(key, format.mediaType()).cache(),
                new StreamedInspection(this.inspector, format));
        log.info("event=upload-streaming key={} format={} part_bytes={}", key, format, this.partSize);
        return started;
    }

    private void ensureCapacity(int needed) {
        if (needed > this.part.length) {
            this.part = Arrays.copyOf(this.part, (int) Math.min(this.partSize, Math.max(this.part.length * 2L, needed)));
        }
    }

    /** The state of an image that streams. */
    private static final class Streaming {

        private final String key;

        private final Mono<MultipartWrite> write;

        private final StreamedInspection inspection;


        Streaming(String key, Mono<MultipartWrite> write, StreamedInspection inspection) {
            this.key = key;
            this.write = write;
            this.inspection = inspection;
        }

    }

}
