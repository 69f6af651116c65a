package dev.deeppredictor.api.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.deeppredictor.api.TestImages;

/**
 * Writes the hostile-input corpus in src/test/resources/hostile. Run once by hand when a case is
 * added (the files are committed, so the tests read exactly what is in the repository):
 * {@code java -cp target/test-classes:... dev.deeppredictor.api.hostile.HostileCorpusGenerator <folder>}.
 * Every file starts from an image made by the JDK's own encoders and is then broken on purpose.
 */
public final class HostileCorpusGenerator {

    /** The smallest GIF: a 1x1 frame on a 1x1 screen with a two-colour table. */
    static final byte[] GIF_1X1 = HexFormat.of()
        .parseHex("47494638396101000100800000000000ffffff2c00000000010001000002024401003b");

    private HostileCorpusGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/hostile");
        Files.createDirectories(dir);
        byte[] jpg = TestImages.encoded("jpg", 160, 120);
        byte[] png = TestImages.encoded("png", 64, 48);
        byte[] gif = TestImages.encoded("gif", 64, 48);
        byte[] bmp = TestImages.encoded("bmp", 40, 30);

        write(dir, "valid.jpg", jpg);
        write(dir, "valid.png", png);
        write(dir, "zero-bytes.jpg", new byte[0]);
        write(dir, "text-named.jpg", "This is a text file that was only named .jpg\n".getBytes(StandardCharsets.US_ASCII));
        write(dir, "html-named.png", "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"
            .getBytes(StandardCharsets.US_ASCII));
        write(dir, "truncated-half.jpg", Arrays.copyOf(jpg, jpg.length / 2));
        write(dir, "truncated-no-eoi.jpg", Arrays.copyOf(jpg, jpg.length - 2));
        write(dir, "truncated-scan-then-eoi.jpg", concat(Arrays.copyOf(jpg, jpg.length * 2 / 3), new byte[] { (byte) 0xFF, (byte) 0xD9 }));
        write(dir, "truncated-half.png", Arrays.copyOf(png, png.length / 2));
        write(dir, "truncated-no-iend.png", Arrays.copyOf(png, png.length - 12));
        write(dir, "truncated.gif", Arrays.copyOf(gif, gif.length - 20));
        write(dir, "truncated.bmp", Arrays.copyOf(bmp, bmp.length - 100));
        byte[] badCrc = png.clone();
        badCrc[png.length - 30] ^= 0x55;
        write(dir, "bad-checksum.png", badCrc);

        write(dir, "polyglot-png-zip.png", concat(png, zip("payload.html", "<html><script>alert(1)</script></html>")));
        write(dir, "polyglot-png-html.png", concat(png, "<html><body><script>alert(1)</script></body></html>"
            .getBytes(StandardCharsets.US_ASCII)));
        byte[] gifJs = GIF_1X1.clone();
        gifJs[6] = '/';
        gifJs[7] = '*';
        write(dir, "polyglot-gif-js.gif", concat(gifJs, "*/=alert(document.domain);".getBytes(StandardCharsets.US_ASCII)));
        write(dir, "polyglot-gif-comment.gif", gifWithComment("<script>alert(document.domain)</script>"));
        write(dir, "polyglot-jpeg-html.jpg", insertAfterApp0(jpg, segment(0xFE,
                "<html><body><script>alert(document.domain)</script></body></html>".getBytes(StandardCharsets.US_ASCII))));
        write(dir, "polyglot-png-text.png", insertAfterIhdr(png, chunk("tEXt",
                "Comment\0<iframe src=javascript:alert(1)></iframe>".getBytes(StandardCharsets.ISO_8859_1))));

        write(dir, "bomb-png-100000x100000.png", pngBomb(100_000, 100_000));
        byte[] screen = GIF_1X1.clone();
        screen[6] = screen[7] = screen[8] = screen[9] = (byte) 0xFF;
        write(dir, "bomb-gif-screen.gif", screen);
        byte[] frame = GIF_1X1.clone();
        frame[24] = frame[25] = frame[26] = frame[27] = (byte) 0xFF;
        write(dir, "bomb-gif-frame.gif", frame);
        write(dir, "bomb-jpeg-65500x65500.jpg", jpegClaiming(jpg, 65_500, 65_500));

        byte[] garbage = new byte[60_000];
        new Random(6).nextBytes(garbage);
        write(dir, "exif-garbage.jpg", insertAfterApp0(jpg, segment(0xE1, concat(exifHeader(), garbage))));
        write(dir, "exif-orientation-out-of-range.jpg", insertAfterApp0(jpg, segment(0xE1, exifOrientation(9999))));
        byte[] thumbnail = jpegClaiming(TestImages.encoded("jpg", 320, 240), 60_000, 60_000);
        byte[] small = TestImages.encoded("jpg", 16, 16);
        write(dir, "exif-thumbnail-bigger-than-image.jpg", insertAfterApp0(small, segment(0xE1, exifThumbnail(thumbnail))));
        byte[] overflow = insertAfterApp0(jpg, new byte[] { (byte) 0xFF, (byte) 0xE1, (byte) 0xFF, (byte) 0xFF, 'E', 'x', 'i', 'f', 0, 0 });
        write(dir, "exif-length-past-end.jpg", Arrays.copyOf(overflow, app0End(jpg) + 200));
        write(dir, "header-only.webp", "RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void write(Path dir, String name, byte[] content) throws IOException {
        Files.write(dir.resolve(name), content);
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] zip(String name, String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(text.getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] gifWithComment(String comment) {
        byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer block = ByteBuffer.allocate(text.length + 4);
        block.put((byte) 0x21).put((byte) 0xFE).put((byte) text.length).put(text).put((byte) 0);
        int descriptor = 19; // after header, screen descriptor and colour table
        return concat(concat(Arrays.copyOf(GIF_1X1, descriptor), block.array()),
                Arrays.copyOfRange(GIF_1X1, descriptor, GIF_1X1.length));
    }

    /** A JPEG segment: marker, big-endian length (counting itself), payload. */
    private static byte[] segment(int marker, byte[] payload) {
        int length = payload.length + 2;
        return concat(new byte[] { (byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length }, payload);
    }

    private static int app0End(byte[] jpg) {
        return 4 + (((jpg[4] & 0xFF) << 8) | (jpg[5] & 0xFF));
    }

    private static byte[] insertAfterApp0(byte[] jpg, byte[] segment) {
        int at = app0End(jpg);
        return concat(concat(Arrays.copyOf(jpg, at), segment), Arrays.copyOfRange(jpg, at, jpg.length));
    }

    /** The JPEG with its frame header (SOF0) claiming another size; the compressed data is unchanged. */
    static byte[] jpegClaiming(byte[] jpg, int width, int height) {
        byte[] patched = jpg.clone();
        for (int i = 2; i + 8 < patched.length; i++) {
            if ((patched[i] & 0xFF) == 0xFF && (patched[i + 1] & 0xFF) == 0xC0) {
                patched[i + 5] = (byte) (height >> 8);
                patched[i + 6] = (byte) height;
                patched[i + 7] = (byte) (width >> 8);
                patched[i + 8] = (byte) width;
                return patched;
            }
        }
        throw new IllegalArgumentException("no SOF0 segment");
    }

    private static byte[] exifHeader() {
        return "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    }

    /** EXIF with a single IFD holding Orientation = the given value (1-8 are the valid ones). */
    private static byte[] exifOrientation(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
        tiff.putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation)
            .putShort((short) 0);
        tiff.putInt(0);
        return concat(exifHeader(), tiff.array());
    }

    /** EXIF whose second IFD points at a thumbnail JPEG. */
    private static byte[] exifThumbnail(byte[] thumbnail) {
        int ifd1 = 8 + 2 + 12 + 4;
        int data = ifd1 + 2 + 2 * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(data + thumbnail.length);
        tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
        tiff.putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 1).putShort((short) 0);
        tiff.putInt(ifd1);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0201).putShort((short) 4).putInt(1).putInt(data);
        tiff.putShort((short) 0x0202).putShort((short) 4).putInt(1).putInt(thumbnail.length);
        tiff.putInt(0);
        tiff.put(thumbnail);
        return concat(exifHeader(), tiff.array());
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }

    private static byte[] insertAfterIhdr(byte[] png, byte[] chunk) {
        int at = 8 + 12 + 13;
        return concat(concat(Arrays.copyOf(png, at), chunk), Arrays.copyOfRange(png, at, png.length));
    }

    /** A whole PNG (valid chunks and CRCs) whose header claims the size, with a tiny deflate stream. */
    private static byte[] pngBomb(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[64 * 1024]);
        deflater.finish();
        byte[] buffer = new byte[1024];
        int length = deflater.deflate(buffer);
        deflater.end();
        byte[] signature = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };
        return concat(concat(concat(signature, chunk("IHDR", ihdr.array())), chunk("IDAT", Arrays.copyOf(buffer, length))),
                chunk("IEND", new byte[0]));
    }

}
