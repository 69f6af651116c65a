package dev.deeppredictor.api.upload;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An ImageIO stream over the upload's bytes. ImageIO's default stream for an InputStream caches
 * in temporary files, and its memory-cached one copies the whole upload a second time; this one
 * reads the array in place.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {

    private final byte[] content;

    ByteArrayImageInputStream(byte[] content) {
        this.content = content;
    }

    @Override
    public int read() {
        this.bitOffset = 0;
        return (this.streamPos < this.content.length) ? (this.content[(int) this.streamPos++] & 0xFF) : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        this.bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        long remaining = this.content.length - this.streamPos;
        if (remaining <= 0) {
            return -1;
        }
        int count = (int) Math.min(length, remaining);
        System.arraycopy(this.content, (int) this.streamPos, buffer, offset, count);
        this.streamPos += count;
        return count;
    }

    @Override
    public long length() {
        return this.content.length;
    }

}
