package dev.deeppredictor.api.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import dev.deeppredictor.api.TestImages;
import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.hostile.CorpusCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The structure checks read the image as a stream, once, forward only, in little memory: they must
 * give the verdicts the whole-array walks gave, however the stream hands the bytes over.
 */
class StreamedStructureTests {

    private static final long MAX_PIXELS = 40_000_000;

    /** Read sizes: one byte, an odd few (every field and marker straddles reads), more than the buffer. */
    private static final int[] READ_SIZES = { 1, 7, 64 * 1024 };

    private static final Path PHOTOS = Path.of("/usr/lib/python3/dist-packages/skimage/data");

    private static final String ACCEPTED = "-";

    /**
     * The hostile corpus's verdicts as the whole-array walks gave them before the walks streamed
     * (files added to the corpus later are held to the array variant's verdict).
     */
    private static final Map<String, String> BEFORE = Stream.of("""
            bad-checksum.png|415 The PNG image is damaged: the PNG chunk IDAT at offset 33 has a wrong checksum: the file is damaged
            bomb-gif-frame.gif|413 The GIF frame is 65535x65535 pixels, more than the limit of 40000000 pixels
            bomb-gif-screen.gif|413 The GIF logical screen is 65535x65535 pixels, more than the limit of 40000000 pixels
            bomb-jpeg-65500x65500.jpg|413 The JPEG frame is 65500x65500 pixels, more than the limit of 40000000 pixels
            bomb-png-100000x100000.png|413 The PNG image is 100000x100000 pixels, more than the limit of 40000000 pixels
            exif-garbage.jpg|-
            exif-length-past-end.jpg|415 The JPEG image is damaged: the JPEG segment 0xFFE1 at offset 20 claims 65535 bytes but the file ends before: the file is truncated
            exif-orientation-out-of-range.jpg|-
            exif-thumbnail-bigger-than-image.jpg|-
            header-only.webp|-
            polyglot-gif-comment.gif|415 The GIF comment holds markup or script ('<script'); an image that is also a web page is refused
            polyglot-gif-js.gif|415 The GIF image has 26 bytes after its end; a file that is also another kind of file (an archive, a page, a script) is refused
            polyglot-jpeg-html.jpg|415 The JPEG comment holds markup or script ('<script'); an image that is also a web page is refused
            polyglot-png-html.png|415 The PNG image has 51 bytes after its end; a file that is also another kind of file (an archive, a page, a script) is refused
            polyglot-png-text.png|415 The PNG tEXt chunk holds markup or script ('<iframe'); an image that is also a web page is refused
            polyglot-png-zip.png|415 The PNG image has 169 bytes after its end; a file that is also another kind of file (an archive, a page, a script) is refused
            truncated-half.jpg|415 The JPEG image is damaged: the JPEG ends inside its compressed image data, before its end marker (EOI): the file is truncated
            truncated-half.png|415 The PNG image is damaged: the PNG chunk IDAT at offset 33 claims 204 bytes but the file ends before: the file is truncated
            truncated-no-eoi.jpg|415 The JPEG image is damaged: the JPEG ends inside its compressed image data, before its end marker (EOI): the file is truncated
            truncated-no-iend.png|415 The PNG image is damaged: the PNG ends before its IEND chunk: the file is truncated
            truncated-scan-then-eoi.jpg|-
            truncated.bmp|415 The BMP image is damaged: the BMP header declares 3654 bytes but only 3554 arrived: the file is truncated
            truncated.gif|415 The GIF image is damaged: the GIF ends before its trailer: the file is truncated
            valid.jpg|-
            valid.png|-
            """.split("\n"))
        .filter((line) -> !line.isBlank())
        .map((line) -> line.split("\\|", 2))
        .collect(Collectors.toMap((columns) -> columns[0], (columns) -> columns[1]));

    /** The real photos: all whole, but the one the data set ships truncated on purpose. */
    private static final String TRUNCATED_PHOTO = "415 The JPEG image is damaged: the JPEG segment 0xFFC4 at offset 393 "
            + "claims 31 bytes but the file ends before: the file is truncated";

    static Stream<Arguments> files() throws IOException {
        List<Arguments> files = new ArrayList<>();
        for (CorpusCase corpus : CorpusCase.all()) {
            byte[] content = corpus.content();
            if (ImageFormat.detect(content) != null) {
                String before = BEFORE.getOrDefault(corpus.file(), verdictOfArray(content));
                files.add(Arguments.of(corpus.file(), content, before));
            }
        }
        try (Stream<Path> photos = Files.list(PHOTOS)) {
            for (Path photo : photos.filter((file) -> file.toString().matches(".*\\.(png|jpg|gif|bmp)")).sorted().toList()) {
                String name = photo.getFileName().toString();
                files.add(Arguments.of(name, Files.readAllBytes(photo),
                        name.equals("truncated.jpg") ? TRUNCATED_PHOTO : ACCEPTED));
            }
        }
        assertThat(files).hasSizeGreaterThan(40);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyFileGetsTheVerdictItGotBeforeWhateverTheReadSizes(String name, byte[] content, String before) {
        assertThat(verdictOfArray(content)).isEqualTo(before);
        for (int readSize : READ_SIZES) {
            assertThat(verdictOfStream(new Pieces(content, readSize))).as("%s read %d bytes at a time", name, readSize)
                .isEqualTo(before);
        }
    }

    /**
     * A marker cut in two by the buffer's refill: with large reads the buffer refills at multiples of
     * its size, so every start that puts the marker across one of those is tried, in a 120 KB text chunk.
     */
    @ParameterizedTest
    @ValueSource(strings = { "JavaScript:", "<ScRiPt", "onload=" })
    void markupAcrossABufferRefillInALargePngTextChunkIsFound(String marker) {
        byte[] clean = pngWithChunk("tEXt", letters(120_000)); // its data from offset 41
        for (int boundary = StructureInput.BUFFER_SIZE; boundary < 100_000; boundary += 3 * StructureInput.BUFFER_SIZE) {
            for (int start = boundary - marker.length() + 1; start < boundary; start++) {
                byte[] png = clean.clone();
                System.arraycopy(marker.getBytes(StandardCharsets.US_ASCII), 0, png, start, marker.length());
                fixCrc(png, 33);
                assertVerdictForEveryReadSize(png, "415 The PNG tEXt chunk holds markup or script ('"
                        + marker.toLowerCase() + "'); an image that is also a web page is refused");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "JavaScript:", "<ScRiPt", "onload=" })
    void markupAcrossABufferRefillInAJpegCommentIsFound(String marker) {
        byte[] clean = jpegWithSegment(0xFE, letters(65_533)); // its data from offset 6
        for (int boundary = StructureInput.BUFFER_SIZE; boundary < 65_000; boundary += 2 * StructureInput.BUFFER_SIZE) {
            for (int start = boundary - marker.length() + 1; start < boundary; start++) {
                byte[] jpeg = clean.clone();
                System.arraycopy(marker.getBytes(StandardCharsets.US_ASCII), 0, jpeg, start, marker.length());
                assertVerdictForEveryReadSize(jpeg, "415 The JPEG comment holds markup or script ('"
                        + marker.toLowerCase() + "'); an image that is also a web page is refused");
            }
        }
    }

    @Test
    void metadataWithoutMarkupStaysAccepted() {
        assertVerdictForEveryReadSize(pngWithChunk("tEXt", letters(120_000)), ACCEPTED);
        assertVerdictForEveryReadSize(jpegWithSegment(0xFE, letters(65_533)), ACCEPTED);
    }

    /**
     * A 10 MB PNG (one 10 MB IDAT chunk, or a 10 MB text chunk) is checked in a few tens of KB: the
     * bytes this thread allocates during the check are counted, and the file is read to its end.
     */
    @ParameterizedTest
    @ValueSource(strings = { "IDAT", "tEXt" })
    void aTenMegabyteImageIsCheckedInBoundedMemory(String largeChunk) {
        byte[] png = largeChunk.equals("IDAT") ? pngWithImageData(10 << 20) : pngWithChunk("tEXt", letters(10 << 20));
        assertThat(verdictOfStream(new Pieces(png, 64 * 1024))).isEqualTo(ACCEPTED); // string concatenations bootstrapped
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Pieces stream = new Pieces(png, 64 * 1024);
        long before = threads.getCurrentThreadAllocatedBytes();
        String verdict = verdictOfStream(stream);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(verdict).isEqualTo(ACCEPTED);
        assertThat(stream.count).isEqualTo(png.length).isGreaterThan(10_000_000);
        assertThat(allocated).as("bytes allocated checking %d bytes", png.length).isLessThan(128 * 1024);
    }

    @Test
    void truncationInsideASkippedRegionIsReportedAsTruncated() {
        byte[] png = pngWithImageData(1 << 20);
        assertVerdictForEveryReadSize(Arrays.copyOf(png, png.length / 2), "415 The PNG image is damaged: the PNG chunk "
                + "IDAT at offset 33 claims " + (png.length - 33 - 12 - 12) + " bytes but the file ends before: the file is truncated");
        byte[] text = letters(120_000);
        System.arraycopy("<script".getBytes(StandardCharsets.US_ASCII), 0, text, 1000, 7); // before the cut: still truncated
        byte[] textPng = pngWithChunk("tEXt", text);
        assertVerdictForEveryReadSize(Arrays.copyOf(textPng, 60_000), "415 The PNG image is damaged: the PNG chunk tEXt "
                + "at offset 33 claims 120000 bytes but the file ends before: the file is truncated");
        byte[] jpeg = jpegWithSegment(0xFE, letters(65_533));
        assertVerdictForEveryReadSize(Arrays.copyOf(jpeg, 40_000), "415 The JPEG image is damaged: the JPEG segment "
                + "0xFFFE at offset 2 claims 65535 bytes but the file ends before: the file is truncated");
        byte[] gif = TestImages.encoded("gif", 300, 300);
        assertVerdictForEveryReadSize(Arrays.copyOf(gif, gif.length - 100),
                "415 The GIF image is damaged: the GIF ends before its trailer: the file is truncated");
        byte[] bmp = TestImages.encoded("bmp", 300, 300);
        assertVerdictForEveryReadSize(Arrays.copyOf(bmp, 100_000), "415 The BMP image is damaged: the BMP header declares "
                + bmp.length + " bytes but only 100000 arrived: the file is truncated");
    }

    @Test
    void aFailingSourceFailsTheCheckWithItsIOException() {
        byte[] png = pngWithImageData(1 << 20);
        InputStream failing = new Pieces(png, 64 * 1024) {

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                if (this.count > 100_000) {
                    throw new IOException("connection reset");
                }
                return super.read(into, offset, length);
            }

        };
        assertThatIOException().isThrownBy(() -> ImageStructure.check(ImageFormat.PNG, failing, MAX_PIXELS))
            .withMessage("connection reset");
    }

    private static void assertVerdictForEveryReadSize(byte[] content, String expected) {
        assertThat(verdictOfArray(content)).isEqualTo(expected);
        for (int readSize : READ_SIZES) {
            assertThat(verdictOfStream(new Pieces(content, readSize))).as("read %d bytes at a time", readSize)
                .isEqualTo(expected);
        }
    }

    private static String verdictOfArray(byte[] content) {
        try {
            ImageStructure.check(ImageFormat.detect(content), content, MAX_PIXELS);
            return ACCEPTED;
        }
        catch (ApiException ex) {
            return ex.status().value() + " " + ex.getMessage();
        }
    }

    private static String verdictOfStream(Pieces stream) {
        try {
            long length = ImageStructure.check(ImageFormat.detect(stream.content), stream, MAX_PIXELS);
            assertThat(length).isEqualTo(stream.content.length).isEqualTo(stream.count);
            return ACCEPTED;
        }
        catch (ApiException ex) {
            return ex.status().value() + " " + ex.getMessage();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Lowercase letters: no marker can occur in them by chance (every marker has a sign in it). */
    private static byte[] letters(int length) {
        byte[] letters = new byte[length];
        Random random = new Random(length);
        for (int i = 0; i < length; i++) {
            letters[i] = (byte) ('a' + random.nextInt(26));
        }
        return letters;
    }

    /** A small real PNG with a chunk added after IHDR (at offset 33). */
    private static byte[] pngWithChunk(String type, byte[] data) {
        byte[] png = TestImages.encoded("png", 16, 16);
        ByteBuffer file = ByteBuffer.allocate(png.length + 12 + data.length);
        file.put(png, 0, 33).putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data).putInt(0);
        file.put(png, 33, png.length - 33);
        byte[] content = file.array();
        fixCrc(content, 33);
        return content;
    }

    /** A real PNG whose image data, stored without compression, is one IDAT chunk of about {@code size} bytes. */
    private static byte[] pngWithImageData(int size) {
        int width = 1024;
        int height = size / (3 * width + 1);
        byte[] rows = new byte[height * (3 * width + 1)];
        new Random(7).nextBytes(rows);
        for (int row = 0; row < height; row++) {
            rows[row * (3 * width + 1)] = 0; // filter type: none
        }
        Deflater deflater = new Deflater(Deflater.NO_COMPRESSION);
        deflater.setInput(rows);
        deflater.finish();
        ByteArrayOutputStream zlib = new ByteArrayOutputStream(rows.length + rows.length / 1000 + 64);
        byte[] piece = new byte[64 * 1024];
        while (!deflater.finished()) {
            zlib.write(piece, 0, deflater.deflate(piece));
        }
        deflater.end();
        byte[] data = zlib.toByteArray();
        ByteBuffer file = ByteBuffer.allocate(8 + 25 + 12 + data.length + 12);
        file.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
        file.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
        file.put(new byte[] { 8, 2, 0, 0, 0 }).putInt(0);
        file.putInt(data.length).put("IDAT".getBytes(StandardCharsets.US_ASCII)).put(data).putInt(0);
        file.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        byte[] content = file.array();
        for (int chunk = 8; chunk < content.length; chunk += 12 + ByteBuffer.wrap(content, chunk, 4).getInt()) {
            fixCrc(content, chunk);
        }
        return content;
    }

    /** Writes the CRC of the PNG chunk at {@code chunk}. */
    private static void fixCrc(byte[] png, int chunk) {
        int length = ByteBuffer.wrap(png, chunk, 4).getInt();
        CRC32 crc = new CRC32();
        crc.update(png, chunk + 4, 4 + length);
        ByteBuffer.wrap(png, chunk + 8 + length, 4).putInt((int) crc.getValue());
    }

    /** A small real JPEG with a segment added after SOI (at offset 2). */
    private static byte[] jpegWithSegment(int marker, byte[] data) {
        byte[] jpeg = TestImages.encoded("jpg", 16, 16);
        ByteBuffer file = ByteBuffer.allocate(jpeg.length + 4 + data.length);
        file.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) marker).putShort((short) (data.length + 2)).put(data);
        file.put(jpeg, 2, jpeg.length - 2);
        return file.array();
    }

    /**
     * The content handed over at most {@code readSize} bytes per read, counted; reading a byte at a
     * time fails the test, since the walks must not.
     */
    private static class Pieces extends InputStream {

        final byte[] content;

        private final int readSize;

        long count;

        Pieces(byte[] content, int readSize) {
            this.content = content;
            this.readSize = readSize;
        }

        @Override
        public int read() {
            throw new AssertionError("read() called: the walks must read into a buffer");
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (this.count == this.content.length) {
                return -1;
            }
            int read = (int) Math.min(Math.min(length, this.readSize), this.content.length - this.count);
            System.arraycopy(this.content, (int) this.count, into, offset, read);
            this.count += read;
            return read;
        }

    }

}
