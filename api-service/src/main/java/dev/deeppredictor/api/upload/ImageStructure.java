package dev.deeppredictor.api.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.model.StatusCode;

import org.springframework.http.HttpStatus;

/**
 * Checks an image file's structure before it is decoded: every size it declares is within the
 * pixel limit (413), it is whole (415), nothing follows its end (415: a second file appended, as in
 * PNG+ZIP or GIF+script polyglots) and its metadata holds no markup or script (415: an image that a
 * browser could also run as a page). The file is read once, forward only, in a few tens of KB
 * whatever its size, so it can be checked while it arrives.
 */
final class ImageStructure implements StructureVisitor, StructureInput.Sink {

    /**
     * Strings that make metadata active content in a browser, in lowercase, found in any case; long
     * enough never to occur by chance. A verdict names the first of the list that a block holds.
     */
    private static final byte[][] MARKUP = List.of("<script", "<html", "<body", "<iframe", "<?php", "<!doctype",
            "<object", "<embed", "javascript:", "onerror=", "onload=")
        .stream()
        .map((marker) -> marker.getBytes(StandardCharsets.US_ASCII))
        .toArray(byte[][]::new);

    /** The bytes before a metadata piece that a marker ending in it can start in. */
    private static final int OVERLAP = maxLength(MARKUP) - 1;

    /** For each byte, the markers (bit i: MARKUP[i]) that start with it in either case. */
    private static final int[] STARTING = starting(MARKUP);

    private final long maxPixels;

    /** The last bytes of the metadata block so far ({@code carried} of them), then the next piece's first. */
    private final byte[] window = new byte[2 * OVERLAP];

    private int carried;

    /** The metadata block being scanned. */
    private String block;

    /** The markers found in it (bit i: MARKUP[i]). */
    private int found;

    private ImageStructure(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /**
     * Reads the file to its end (counting what follows the image's own end) and returns its length;
     * throws an {@link ApiException} (413 or 415), as soon as it knows, when the file must not be
     * decoded or stored.
     */
    static long check(ImageFormat format, InputStream content, long maxPixels) throws IOException {
        StructureInput in = new StructureInput(content);
        ImageStructure check = new ImageStructure(maxPixels);
        long end; // where the file's own structure says it ends; 0 when it does not say
        try {
            end = switch (format) {
                case JPEG -> JpegStructure.end(in, check);
                case PNG -> PngStructure.end(in, check);
                case GIF -> GifStructure.end(in, check);
                case BMP -> bmpEnd(in);
                default -> 0;
            };
        }
        catch (DamagedImageException ex) {
            throw ImageInspector.unsupported("The " + format + " image is damaged: " + ex.getMessage());
        }
        long length = in.position() + in.skipToEnd();
        if (end != 0 && end < length) {
            throw ImageInspector.unsupported("The " + format + " image has " + (length - end)
                    + " bytes after its end; a file that is also another kind of file (an archive, a page, a script) "
                    + "is refused");
        }
        return length;
    }

    /** The same check of a file held whole. */
    static void check(ImageFormat format, byte[] content, long maxPixels) {
        try {
            check(format, new ByteArrayInputStream(content), maxPixels);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex); // reading an array does not fail
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
    public StructureInput.Sink metadata(String what) {
        this.block = what;
        this.found = 0;
        this.carried = 0;
        return this;
    }

    /**
     * Scans a piece of the metadata block: a marker may start in the bytes carried from the pieces
     * before, so those are scanned joined to this piece's first bytes, then the piece on its own.
     */
    @Override
    public void accept(byte[] bytes, int offset, int length) {
        int joined = Math.min(length, OVERLAP);
        System.arraycopy(bytes, offset, this.window, this.carried, joined);
        scan(this.window, 0, this.carried, this.carried + joined);
        scan(bytes, offset, offset + length, offset + length);
        if (length >= OVERLAP) {
            System.arraycopy(bytes, offset + length - OVERLAP, this.window, 0, OVERLAP);
            this.carried = OVERLAP;
        }
        else {
            int kept = Math.min(this.carried + length, OVERLAP);
            System.arraycopy(this.window, this.carried + length - kept, this.window, 0, kept);
            this.carried = kept;
        }
    }

    @Override
    public void metadataEnd() {
        if (this.found != 0) {
            byte[] marker = MARKUP[Integer.numberOfTrailingZeros(this.found)];
            throw ImageInspector.unsupported("The " + this.block + " holds markup or script ('"
                    + new String(marker, StandardCharsets.US_ASCII) + "'); an image that is also a web page is refused");
        }
    }

    /** Notes the markers that start in {@code [from, to)} of {@code bytes} and end by {@code end}. */
    private void scan(byte[] bytes, int from, int to, int end) {
        for (int i = from; i < to; i++) {
            int candidates = STARTING[bytes[i] & 0xFF];
            while (candidates != 0) {
                int index = Integer.numberOfTrailingZeros(candidates);
                candidates &= candidates - 1;
                if (matches(bytes, i, end, MARKUP[index])) {
                    this.found |= 1 << index;
                }
            }
        }
    }

    private static boolean matches(byte[] bytes, int at, int end, byte[] marker) {
        if (end - at < marker.length) {
            return false;
        }
        for (int j = 1; j < marker.length; j++) {
            if (lower(bytes[at + j]) != marker[j]) {
                return false;
            }
        }
        return true;
    }

    private static byte lower(byte b) {
        return (b >= 'A' && b <= 'Z') ? (byte) (b + ('a' - 'A')) : b;
    }

    private static int maxLength(byte[][] markers) {
        int longest = 0;
        for (byte[] marker : markers) {
            longest = Math.max(longest, marker.length);
        }
        return longest;
    }

    private static int[] starting(byte[][] markers) {
        int[] starting = new int[256];
        for (int i = 0; i < markers.length; i++) {
            int first = markers[i][0];
            starting[first] |= 1 << i;
            starting[Character.toUpperCase(first)] |= 1 << i;
        }
        return starting;
    }

    /** A BMP's length is in its header (bytes 2-5); 0 there means unknown, which old writers do. */
    private static long bmpEnd(StructureInput in) throws IOException {
        if (!in.has(6)) {
            throw new DamagedImageException("the BMP ends inside its header: the file is truncated");
        }
        in.skip(2); // BM
        int low = in.u16le();
        long declared = low | ((long) in.u16le() << 16);
        if (declared != 0 && !in.skip(declared - 6)) {
            throw new DamagedImageException("the BMP header declares " + declared + " bytes but only " + in.position()
                    + " arrived: the file is truncated");
        }
        return declared;
    }

}
