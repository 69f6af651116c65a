package dev.deeppredictor.api.upload;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import javax.imageio.stream.ImageInputStream;

/**
 * Proves a PNG's image data sound the way a decoder would find it unsound, without computing the
 * pixels: the header's fields are a valid combination, the IDAT chunks hold one zlib stream that
 * inflates without error to at least the image's rows (each pass of an interlaced image), and every
 * row starts with one of the five filter types.
 * <p>
 * Undoing the filters (Paeth and the others) is arithmetic that accepts any bytes, so it proves
 * nothing more; on the quick compiler it was more than half of a photo's decode, and the decode
 * most of the API's CPU for a PNG upload. A decoder reads no further than the rows it needs, so
 * neither does this.
 */
final class PngImageData {

    private static final int IHDR = 0x49484452;

    private static final int IDAT = 0x49444154;

    private static final int IEND = 0x49454E44;

    private static final int LAST_FILTER_TYPE = 4;

    /** Adam7: each pass's first column and row, and its steps. */
    private static final int[][] PASSES = { { 0, 0, 8, 8 }, { 4, 0, 8, 8 }, { 0, 4, 4, 8 }, { 2, 0, 4, 4 },
            { 0, 2, 2, 4 }, { 1, 0, 2, 2 }, { 0, 1, 1, 2 } };

    private static final int BUFFER = 16 * 1024;

    private final ImageInputStream input;

    private final Inflater inflater = new Inflater();

    private final byte[] compressed = new byte[BUFFER];

    private final byte[] inflated = new byte[BUFFER];

    /** IDAT bytes not yet read into {@link #compressed}; -1 once the image data's chunks are over. */
    private long idatLeft;

    private PngImageData(ImageInputStream input) {
        this.input = input;
    }

    /**
     * Checks the PNG on {@code input} (from its signature) and returns its header; throws
     * {@link IOException} naming what is wrong.
     */
    static Header verify(ImageInputStream input) throws IOException {
        PngImageData data = new PngImageData(input);
        try {
            return data.verify();
        }
        catch (EOFException ex) {
            throw new IOException("the PNG ends inside its image data");
        }
        finally {
            data.inflater.end();
        }
    }

    private Header verify() throws IOException {
        this.input.skipBytes(8);
        long length = this.input.readUnsignedInt();
        if (this.input.readInt() != IHDR || length != 13) {
            throw new IOException("the PNG does not start with a 13-byte IHDR chunk");
        }
        Header header = new Header(this.input.readInt(), this.input.readInt(), this.input.readUnsignedByte(),
                this.input.readUnsignedByte(), this.input.readUnsignedByte(), this.input.readUnsignedByte(),
                this.input.readUnsignedByte());
        header.check();
        this.input.skipBytes(4);
        this.idatLeft = firstIdat();
        if (header.interlace() == 0) {
            rows(header.height(), header.rowBytes(header.width()));
        }
        else {
            for (int[] pass : PASSES) {
                long width = (header.width() - pass[0] + pass[2] - 1L) / pass[2];
                long height = (header.height() - pass[1] + pass[3] - 1L) / pass[3];
                if (width > 0 && height > 0) {
                    rows(height, header.rowBytes(width));
                }
            }
        }
        return header;
    }

    /** Inflates {@code count} rows of 1 + {@code rowBytes} bytes, checking each row's filter type. */
    private void rows(long count, long rowBytes) throws IOException {
        for (long row = 0; row < count; row++) {
            inflate(1);
            int filter = this.inflated[0] & 0xFF;
            if (filter > LAST_FILTER_TYPE) {
                throw new IOException("row " + row + " of the PNG has the unknown filter type " + filter);
            }
            for (long left = rowBytes; left > 0;) {
                left -= inflate((int) Math.min(left, this.inflated.length));
            }
        }
    }

    /** Inflates at least one and at most {@code wanted} bytes into {@link #inflated}; returns how many. */
    private int inflate(int wanted) throws IOException {
        try {
            while (true) {
                int produced = this.inflater.inflate(this.inflated, 0, wanted);
                if (produced > 0) {
                    return produced;
                }
                if (this.inflater.finished()) {
                    throw new IOException("the PNG's image data ends before its last row");
                }
                if (this.inflater.needsDictionary()) {
                    throw new IOException("the PNG's image data asks for a preset dictionary, which PNG forbids");
                }
                if (!this.inflater.needsInput() || !feed()) {
                    throw new IOException("the PNG's image data ends before its last row");
                }
            }
        }
        catch (DataFormatException ex) {
            throw new IOException("the PNG's image data is not a sound zlib stream: " + ex.getMessage());
        }
    }

    /** Gives the inflater the next IDAT bytes; false when there are no more. */
    private boolean feed() throws IOException {
        while (this.idatLeft == 0) {
            this.input.skipBytes(4);
            long length = this.input.readUnsignedInt();
            this.idatLeft = (this.input.readInt() == IDAT) ? length : -1;
        }
        if (this.idatLeft < 0) {
            return false;
        }
        int count = (int) Math.min(this.idatLeft, this.compressed.length);
        this.input.readFully(this.compressed, 0, count);
        this.idatLeft -= count;
        this.inflater.setInput(this.compressed, 0, count);
        return true;
    }

    /** Skips the chunks before the first IDAT; returns its length (its data is next). */
    private long firstIdat() throws IOException {
        while (true) {
            long length = this.input.readUnsignedInt();
            int type = this.input.readInt();
            if (type == IDAT) {
                return length;
            }
            if (type == IEND) {
                throw new IOException("the PNG has no image data (no IDAT chunk)");
            }
            skipFully(length + 4);
        }
    }

    private void skipFully(long count) throws IOException {
        long left = count;
        while (left > 0) {
            int skipped = (int) this.input.skipBytes(left);
            if (skipped <= 0) {
                throw new EOFException();
            }
            left -= skipped;
        }
    }

    /** The IHDR chunk's fields. */
    record Header(int width, int height, int bitDepth, int colorType, int compression, int filter, int interlace) {

        void check() throws IOException {
            if (this.width <= 0 || this.height <= 0) {
                throw new IOException("the PNG declares " + Integer.toUnsignedString(this.width) + "x"
                        + Integer.toUnsignedString(this.height) + " pixels");
            }
            boolean depthFits = switch (this.colorType) {
                case 0 -> this.bitDepth == 1 || this.bitDepth == 2 || this.bitDepth == 4 || this.bitDepth == 8
                        || this.bitDepth == 16;
                case 3 -> this.bitDepth == 1 || this.bitDepth == 2 || this.bitDepth == 4 || this.bitDepth == 8;
                case 2, 4, 6 -> this.bitDepth == 8 || this.bitDepth == 16;
                default -> throw new IOException("the PNG declares the unknown colour type " + this.colorType);
            };
            if (!depthFits) {
                throw new IOException("the PNG declares " + this.bitDepth + "-bit samples for colour type "
                        + this.colorType + ", which PNG does not allow");
            }
            if (this.compression != 0 || this.filter != 0 || this.interlace > 1) {
                throw new IOException("the PNG declares an unknown compression, filter or interlace method");
            }
        }

        /** Bytes of a row of {@code pixels} pixels, without its filter byte. */
        long rowBytes(long pixels) {
            int channels = switch (this.colorType) {
                case 2 -> 3;
                case 4 -> 2;
                case 6 -> 4;
                default -> 1;
            };
            return (pixels * channels * this.bitDepth + 7) / 8;
        }

    }

}
