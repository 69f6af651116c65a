package dev.deeppredictor.api.upload;

import java.io.IOException;
import java.io.InputStream;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An image input over a stream read once, for decoding an image that is never whole in memory. It
 * keeps the first {@value #HEAD} bytes, because the JPEG decoder reads the headers and then goes back
 * to the start of the file, and the last {@value #WINDOW} bytes read, for the decoders' short steps
 * back within their buffers. A step back further than that is an error.
 */
final class ForwardImageInputStream extends ImageInputStreamImpl {

    static final int HEAD = 1 << 20;

    static final int WINDOW = 64 * 1024;

    private final InputStream source;

    private final byte[] head = new byte[HEAD];

    private final byte[] window = new byte[WINDOW];

    /** How many bytes have come from the source. */
    private long filled;

    private boolean ended;

    ForwardImageInputStream(InputStream source) {
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        this.bitOffset = 0;
        if (!available(this.streamPos)) {
            return -1;
        }
        int value = byteAt(this.streamPos) & 0xFF;
        this.streamPos++;
        return value;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        this.bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        if (!available(this.streamPos)) {
            return -1;
        }
        long position = this.streamPos;
        int count = (int) Math.min(length, this.filled - position);
        if (position < HEAD) {
            count = (int) Math.min(count, HEAD - position);
            System.arraycopy(this.head, (int) position, target, offset, count);
        }
        else {
            requireInWindow(position);
            int start = (int) (position % WINDOW);
            count = Math.min(count, WINDOW - start);
            System.arraycopy(this.window, start, target, offset, count);
        }
        this.streamPos += count;
        return count;
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public void close() throws IOException {
        super.close();
        this.source.close();
    }

    /** Reads from the source until {@code position} has arrived; false at the source's end. */
    private boolean available(long position) throws IOException {
        while (this.filled <= position && !this.ended) {
            int start = (int) (this.filled % WINDOW);
            int count = this.source.read(this.window, start, WINDOW - start);
            if (count < 0) {
                this.ended = true;
                break;
            }
            if (this.filled < HEAD) {
                int kept = (int) Math.min(count, HEAD - this.filled);
                System.arraycopy(this.window, start, this.head, (int) this.filled, kept);
            }
            this.filled += count;
        }
        return position < this.filled;
    }

    private byte byteAt(long position) throws IOException {
        if (position < HEAD) {
            return this.head[(int) position];
        }
        requireInWindow(position);
        return this.window[(int) (position % WINDOW)];
    }

    private void requireInWindow(long position) throws IOException {
        if (position < this.filled - WINDOW) {
            throw new IOException("the decoder went back to offset " + position + ", more than " + WINDOW
                    + " bytes behind what it had read, past the first " + HEAD + " bytes");
        }
    }

}
