package dev.deeppredictor.api.upload;

import java.io.IOException;
import java.io.InputStream;

/**
 * An image file read once, forward only, through a small buffer of its own, for the structure
 * walks: an upload may be many megabytes and never whole in memory, and a read call per byte would
 * cost more than the walk itself. Reads of fixed-size fields come after {@link #has(int)} says the
 * bytes are there; the walks turn a {@code false} (the file ended) into their own message.
 */
final class StructureInput {

    /** Where the bytes skipped over go, in pieces of any size, in order: a checksum, a markup scan. */
    @FunctionalInterface
    interface Sink {

        void accept(byte[] bytes, int offset, int length);

    }

    /** Few read calls per megabyte, and little memory per upload however many arrive at once. */
    static final int BUFFER_SIZE = 16 * 1024;

    private final InputStream source;

    private final byte[] buffer = new byte[BUFFER_SIZE];

    /** The file offset of {@code buffer[0]}. */
    private long base;

    /** The next byte to read in the buffer. */
    private int next;

    /** The end of the bytes read into the buffer. */
    private int limit;

    /** Whether the source has reported its end (it is not asked again). */
    private boolean ended;

    StructureInput(InputStream source) {
        this.source = source;
    }

    /** The file offset of the next byte. */
    long position() {
        return this.base + this.next;
    }

    /** Whether the file has {@code count} more bytes (at most a few dozen), reading them into the buffer. */
    boolean has(int count) throws IOException {
        return this.limit - this.next >= count || fill(count);
    }

    /** The next byte, not consumed; after {@link #has(int)}. */
    int peek() {
        return this.buffer[this.next] & 0xFF;
    }

    /** The big-endian 32-bit value {@code ahead} bytes further on, not consumed; after {@link #has(int)}. */
    int peekS32be(int ahead) {
        int at = this.next + ahead;
        return ((this.buffer[at] & 0xFF) << 24) | ((this.buffer[at + 1] & 0xFF) << 16)
                | ((this.buffer[at + 2] & 0xFF) << 8) | (this.buffer[at + 3] & 0xFF);
    }

    int u8() {
        return this.buffer[this.next++] & 0xFF;
    }

    int u16be() {
        int value = ((this.buffer[this.next] & 0xFF) << 8) | (this.buffer[this.next + 1] & 0xFF);
        this.next += 2;
        return value;
    }

    int u16le() {
        int value = (this.buffer[this.next] & 0xFF) | ((this.buffer[this.next + 1] & 0xFF) << 8);
        this.next += 2;
        return value;
    }

    int s32be() {
        int value = peekS32be(0);
        this.next += 4;
        return value;
    }

    /** Skips {@code count} bytes; {@code false} when the file ends first (it is then read to its end). */
    boolean skip(long count) throws IOException {
        return skip(count, null);
    }

    /**
     * Skips {@code count} bytes, giving them to the sink (when not {@code null}) on the way;
     * {@code false} when the file ends first. Every byte is read: a length field is only believed
     * once the bytes it claims have arrived.
     */
    boolean skip(long count, Sink sink) throws IOException {
        long left = count;
        while (left > 0) {
            if (this.next == this.limit && !fill(1)) {
                return false;
            }
            int piece = (int) Math.min(left, this.limit - this.next);
            if (sink != null) {
                sink.accept(this.buffer, this.next, piece);
            }
            this.next += piece;
            left -= piece;
        }
        return true;
    }

    /** Reads to the end of the file: how many bytes were left. */
    long skipToEnd() throws IOException {
        long start = position();
        while (this.next < this.limit || fill(1)) {
            this.next = this.limit;
        }
        return position() - start;
    }

    /**
     * Skips a JPEG scan's entropy-coded data up to the 0xFF of the first real marker after it, found
     * in the buffer without a call per byte; {@code false} when the file ends first. Inside the data,
     * 0xFF00 is an escaped data byte, 0xFFD0-D7 a restart marker and 0xFFFF fill.
     */
    boolean skipEntropyCodedData() throws IOException {
        while (has(2)) {
            byte[] bytes = this.buffer;
            int last = this.limit - 1;
            int i = this.next;
            while (i < last) {
                if (bytes[i] == (byte) 0xFF) {
                    int following = bytes[i + 1] & 0xFF;
                    if (following != 0x00 && following != 0xFF && (following < 0xD0 || following > 0xD7)) {
                        this.next = i;
                        return true;
                    }
                }
                i++;
            }
            this.next = last; // the last byte is judged with the one after it, once read
        }
        return false;
    }

    /** Reads until at least {@code count} bytes are buffered, moving the unread ones to the front first. */
    private boolean fill(int count) throws IOException {
        if (this.ended) {
            return false;
        }
        int unread = this.limit - this.next;
        if (this.next > 0) {
            System.arraycopy(this.buffer, this.next, this.buffer, 0, unread);
            this.base += this.next;
            this.next = 0;
            this.limit = unread;
        }
        while (this.limit < count) {
            int read = this.source.read(this.buffer, this.limit, this.buffer.length - this.limit);
            if (read < 0) {
                this.ended = true;
                return false;
            }
            this.limit += read;
        }
        return true;
    }

}
