package dev.deeppredictor.api.upload;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import dev.deeppredictor.api.access.Sha256;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The checks of an image that is never whole in memory, run while it arrives: the structure walk
 * (which also computes the image's SHA-256) and the decode, each reading its own copy of the stream
 * on a thread of its own. A structure verdict refuses the upload at once, while the body is still
 * coming; a decode failure is reported at the end, after the structure walk, so that an image gets
 * the same verdict whether it was held or streamed.
 */
final class StreamedInspection {

    /** Chunks waiting for each check: enough to ride out a slow moment, few enough to stay small. */
    private static final int WAITING_CHUNKS = 16;

    private final ChunkPipe structureInput = new ChunkPipe(WAITING_CHUNKS);

    private final ChunkPipe decodeInput = new ChunkPipe(WAITING_CHUNKS);

    private final Mono<String> structure;

    private final Mono<InspectedImage> decoding;

    private volatile Throwable structureFailure;

    StreamedInspection(ImageInspector inspector, ImageFormat format) {
        this.structure = Mono.fromCallable(() -> walk(format, inspector.maxPixels()))
            .subscribeOn(Schedulers.boundedElastic())
            .doOnError((ex) -> this.structureFailure = ex)
            .cache();
        this.decoding = Mono
            .fromCallable(() -> inspector.decode(format, new ForwardImageInputStream(this.decodeInput.input())))
            .subscribeOn(Schedulers.boundedElastic())
            .cache();
        this.structure.subscribe(null, (ex) -> { });
        this.decoding.subscribe(null, (ex) -> { });
    }

    /** Gives both checks the next bytes; fails with the structure's verdict once there is one. */
    Mono<Void> write(byte[] data, int offset, int length) {
        return Mono.defer(() -> {
            Throwable failure = this.structureFailure;
            if (failure != null) {
                return Mono.error(failure);
            }
            return Mono.when(this.structureInput.write(data, offset, length),
                    this.decodeInput.write(data, offset, length));
        });
    }

    /** The image has ended: its inspection and SHA-256 once both checks are done. */
    Mono<Checked> finish() {
        this.structureInput.close();
        this.decodeInput.close();
        return this.structure.flatMap((digest) -> this.decoding.map((image) -> new Checked(image, digest)));
    }

    /** The upload is given up: both checks stop. */
    void cancel() {
        this.structureInput.cancel();
        this.decodeInput.cancel();
    }

    private String walk(ImageFormat format, long maxPixels) throws IOException {
        MessageDigest sha256 = Sha256.digest();
        try (InputStream input = new DigestInputStream(this.structureInput.input(), sha256)) {
            // The walk reads to the end: bytes after the image's end are a fault too.
            ImageStructure.check(format, input, maxPixels);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** What the checks found: the image, and its SHA-256 in hex. */
    record Checked(InspectedImage image, String sha256Hex) {
    }

}
