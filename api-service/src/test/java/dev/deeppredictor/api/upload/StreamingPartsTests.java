package dev.deeppredictor.api.upload;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.imageio.ImageIO;

import dev.deeppredictor.api.TestProperties;
import dev.deeppredictor.api.config.ApiProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The pieces that let an image be checked while it streams: the pipe from the request to a check's
 * thread, and the image input that decodes from a stream read once.
 */
class StreamingPartsTests {

    private final ImageInspector inspector = new ImageInspector(TestProperties.of(
            new ApiProperties.Upload("fashion", DataSize.ofMegabytes(16), 40_000_000, 32, "abc", 5000), java.util.List.of()));

    @Test
    void aJpegWithLargeMetadataDecodesFromAStreamReadOnce() throws IOException {
        byte[] jpeg = withComments(encoded(noise(1200, 900), "jpg"), 10, 60_000);
        InputStream once = new ByteArrayInputStream(jpeg);
        InspectedImage image = this.inspector.decode(ImageFormat.JPEG, new ForwardImageInputStream(once));
        assertThat(image).isEqualTo(this.inspector.inspect(jpeg));
        assertThat(once.available()).isZero();
    }

    @Test
    void everyFormatDecodesFromAStreamReadOnce() {
        for (String format : new String[] { "png", "gif", "bmp", "jpg" }) {
            byte[] file = encoded(noise(900, 700), format);
            ImageFormat detected = ImageFormat.detect(file);
            InspectedImage streamed = this.inspector.decode(detected,
                    new ForwardImageInputStream(new ByteArrayInputStream(file)));
            assertThat(streamed).as(format).isEqualTo(this.inspector.inspect(file));
        }
    }

    @Test
    void goingBackPastTheWindowAndTheHeadIsAnError() throws IOException {
        byte[] data = new byte[ForwardImageInputStream.HEAD + 4 * ForwardImageInputStream.WINDOW];
        new Random(1).nextBytes(data);
        try (ForwardImageInputStream input = new ForwardImageInputStream(new ByteArrayInputStream(data))) {
            input.seek(data.length - 10);
            assertThat(input.read()).isEqualTo(data[data.length - 10] & 0xFF);
            input.seek(data.length - ForwardImageInputStream.WINDOW);
            assertThat(input.read()).isEqualTo(data[data.length - ForwardImageInputStream.WINDOW] & 0xFF);
            input.seek(5);
            assertThat(input.read()).as("the head stays").isEqualTo(data[5] & 0xFF);
            input.seek(ForwardImageInputStream.HEAD + 10);
            assertThatIOException().isThrownBy(input::read).withMessageContaining("went back");
        }
    }

    @Test
    void aWriterAheadOfTheReaderWaitsAndTheReaderGetsEveryByteInOrder() throws Exception {
        ChunkPipe pipe = new ChunkPipe(2);
        byte[] data = new byte[100_000];
        new Random(2).nextBytes(data);
        CompletableFuture<Void> written = Flux.range(0, 100)
            .concatMap((i) -> pipe.write(data, i * 1000, 1000))
            .then(Mono.fromRunnable(pipe::close))
            .then()
            .toFuture();
        Thread.sleep(100);
        assertThat(written).as("held back by the full pipe").isNotDone();
        byte[] read;
        try (InputStream input = pipe.input()) {
            read = input.readAllBytes();
        }
        written.get();
        assertThat(read).isEqualTo(data);
    }

    @Test
    void aReaderThatStopsEarlyReleasesTheWriterAndACancelledUploadFailsTheReader() throws Exception {
        ChunkPipe pipe = new ChunkPipe(1);
        byte[] data = new byte[10];
        InputStream input = pipe.input();
        pipe.write(data, 0, 10).block(Duration.ofSeconds(1));
        CompletableFuture<Void> waiting = pipe.write(data, 0, 10).toFuture();
        assertThat(waiting).isNotDone();
        input.close();
        waiting.get();
        pipe.write(data, 0, 10).block(Duration.ofSeconds(1));

        ChunkPipe cancelled = new ChunkPipe(1);
        AtomicBoolean failed = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try {
                cancelled.input().read();
            }
            catch (IOException ex) {
                failed.set(true);
            }
        });
        reader.start();
        Thread.sleep(50);
        cancelled.cancel();
        reader.join(5_000);
        assertThat(failed).isTrue();
    }

    static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(width);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    static byte[] encoded(BufferedImage image, String format) {
        try {
            BufferedImage written = image;
            if (format.equals("gif")) {
                written = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
                written.getGraphics().drawImage(image, 0, 0, null);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(written, format, out);
            return out.toByteArray();
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** The JPEG with {@code count} comment segments of {@code size} bytes after its start marker. */
    private static byte[] withComments(byte[] jpeg, int count, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (int i = 0; i < count; i++) {
            out.write(0xFF);
            out.write(0xFE);
            out.write(size >> 8);
            out.write(size & 0xFF);
            out.writeBytes(new byte[size - 2]);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

}
