package dev.deeppredictor.api.upload;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.model.StatusCode;

import org.springframework.http.HttpStatus;

/**
 * Checks an image file's structure before it is decoded: every size it declares is within the
 * pixel limit (413), it is whole (415), nothing follows its end (415: a second file appended, as in
 * PNG+ZIP or GIF+script polyglots) and its metadata holds no markup or script (415: an image that a
 * browser could also run as a page).
 */
final class ImageStructure implements StructureVisitor {

    /** Strings that make metadata active content in a browser; long enough never to occur by chance. */
    private static final List<byte[]> MARKUP = List.of("<script", "<html", "<body", "<iframe", "<?php",
            "<!doctype", "<object", "<embed", "javascript:", "onerror=", "onload=")
        .stream()
        .map((marker) -> marker.getBytes(StandardCharsets.US_ASCII))
        .toList();

    private final byte[] content;

    private final long maxPixels;

    private ImageStructure(byte[] content, long maxPixels) {
        this.content = content;
        this.maxPixels = maxPixels;
    }

    /** Throws an {@link ApiException} (413 or 415) when the file must not be decoded or stored. */
    static void check(ImageFormat format, byte[] content, long maxPixels) {
        ImageStructure check = new ImageStructure(content, maxPixels);
        int end;
        try {
            end = switch (format) {
                case JPEG -> JpegStructure.end(content, check);
                case PNG -> PngStructure.end(content, check);
                case GIF -> GifStructure.end(content, check);
                case BMP -> bmpEnd(content);
                default -> content.length;
            };
        }
        catch (DamagedImageException ex) {
            throw ImageInspector.unsupported("The " + format + " image is damaged: " + ex.getMessage());
        }
        if (end < content.length) {
            throw ImageInspector.unsupported("The " + format + " image has " + (content.length - end)
                    + " bytes after its end; a file that is also another kind of file (an archive, a page, a script) "
                    + "is refused");
        }
    }

    @Override
    public void dimensions(String what, long width, long height) {
        if (width * height > this.maxPixels) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Image too large", "The " + what + " is " + width + "x"
                    + height + " pixels, more than the limit of " + this.maxPixels + " pixels",
                    StatusCode.IMAGE_NOT_SUPPORTED);
        }
    }

    @Override
    public void metadata(String what, int from, int to) {
        for (byte[] marker : MARKUP) {
            if (contains(from, to, marker)) {
                throw ImageInspector.unsupported("The " + what + " holds markup or script ('"
                        + new String(marker, StandardCharsets.US_ASCII) + "'); an image that is also a web page is refused");
            }
        }
    }

    private boolean contains(int from, int to, byte[] marker) {
        int last = to - marker.length;
        for (int i = from; i <= last; i++) {
            int j = 0;
            while (j < marker.length && lower(this.content[i + j]) == marker[j]) {
                j++;
            }
            if (j == marker.length) {
                return true;
            }
        }
        return false;
    }

    private static byte lower(byte b) {
        return (b >= 'A' && b <= 'Z') ? (byte) (b + ('a' - 'A')) : b;
    }

    /** A BMP's length is in its header; 0 there means unknown, which old writers do. */
    private static int bmpEnd(byte[] content) {
        long declared = (content[2] & 0xFFL) | ((content[3] & 0xFFL) << 8) | ((content[4] & 0xFFL) << 16)
                | ((content[5] & 0xFFL) << 24);
        if (declared == 0) {
            return content.length;
        }
        if (declared > content.length) {
            throw new DamagedImageException("the BMP header declares " + declared + " bytes but only " + content.length
                    + " arrived: the file is truncated");
        }
        return (int) declared;
    }

}
