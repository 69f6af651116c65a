package dev.deeppredictor.api.upload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Image formats recognised by their first bytes, whatever the file is called.
 */
enum ImageFormat {

    JPEG("jpg", "image/jpeg", true),
    PNG("png", "image/png", true),
    GIF("gif", "image/gif", true),
    BMP("bmp", "image/bmp", true),
    WEBP("webp", "image/webp", false),
    HEIC("heic", "image/heic", false);

    private final String extension;

    private final String mediaType;

    private final boolean decodable;

    ImageFormat(String extension, String mediaType, boolean decodable) {
        this.extension = extension;
        this.mediaType = mediaType;
        this.decodable = decodable;
    }

    String extension() {
        return this.extension;
    }

    String mediaType() {
        return this.mediaType;
    }

    /** Whether this service can decode the format (and so predict on it). */
    boolean decodable() {
        return this.decodable;
    }

    /** The format the content starts with, or {@code null} when it is none of these. */
    static ImageFormat detect(byte[] content) {
        return detect(content, content.length);
    }

    /** The format that the first {@code length} bytes of {@code content} start. */
    static ImageFormat detect(byte[] content, int length) {
        if (startsWith(content, length, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(content, length, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (ascii(content, length, 0, "GIF87a") || ascii(content, length, 0, "GIF89a")) {
            return GIF;
        }
        if (ascii(content, length, 0, "BM") && length > 26) {
            return BMP;
        }
        if (ascii(content, length, 0, "RIFF") && ascii(content, length, 8, "WEBP")) {
            return WEBP;
        }
        if (ascii(content, length, 4, "ftyp") && (ascii(content, length, 8, "heic") || ascii(content, length, 8, "heix")
                || ascii(content, length, 8, "mif1") || ascii(content, length, 8, "msf1"))) {
            return HEIC;
        }
        return null;
    }

    private static boolean startsWith(byte[] content, int length, int offset, int... expected) {
        if (length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((content[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] content, int length, int offset, String text) {
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        return length >= offset + expected.length
                && Arrays.equals(content, offset, offset + expected.length, expected, 0, expected.length);
    }

}
