package dev.deeppredictor.api.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Hands the chunks of a streamed image from the request (reactive, never blocking) to a check that
 * reads them as an {@link InputStream} on a thread of its own. At most {@code capacity} chunks wait
 * in between: a writer beyond that gets a Mono that completes when the reader has made room, which
 * is how the request is slowed to the check's pace. The chunks are views of the caller's arrays,
 * which must not change until read.
 */
final class ChunkPipe {

    private final int capacity;

    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition readable = this.lock.newCondition();

    private MonoSink<Void> waitingWriter;

    private ByteBuffer pending;

    private boolean closed;

    private boolean cancelled;

    private boolean readerGone;

    ChunkPipe(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Queues a chunk when subscribed; the Mono completes once it is queued (at once while there is
     * room). The writer subscribes to one write at a time, in the order of the bytes.
     */
    Mono<Void> write(byte[] data, int offset, int length) {
        ByteBuffer chunk = ByteBuffer.wrap(data, offset, length);
        return Mono.create((sink) -> {
            this.lock.lock();
            try {
                if (this.readerGone || this.cancelled || this.chunks.size() < this.capacity) {
                    if (!this.readerGone && !this.cancelled) {
                        this.chunks.add(chunk);
                        this.readable.signal();
                    }
                    sink.success();
                    return;
                }
                this.pending = chunk;
                this.waitingWriter = sink;
            }
            finally {
                this.lock.unlock();
            }
        });
    }

    /** No more chunks: the reader sees the end of the stream after the queued ones. */
    void close() {
        this.lock.lock();
        try {
            this.closed = true;
            this.readable.signal();
        }
        finally {
            this.lock.unlock();
        }
    }

    /** The upload is given up: the reader's next read fails instead of waiting for more. */
    void cancel() {
        MonoSink<Void> released;
        this.lock.lock();
        try {
            this.cancelled = true;
            this.chunks.clear();
            this.readable.signal();
            released = this.waitingWriter;
            this.waitingWriter = null;
            this.pending = null;
        }
        finally {
            this.lock.unlock();
        }
        if (released != null) {
            released.success();
        }
    }

    /** The reading side, for one reader. Closing it tells the writer to stop queueing. */
    InputStream input() {
        return new Input();
    }

    private final class Input extends InputStream {

        private ByteBuffer current = ByteBuffer.allocate(0);

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xFF);
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (!this.current.hasRemaining()) {
                if (!next()) {
                    return -1;
                }
            }
            int count = Math.min(length, this.current.remaining());
            this.current.get(target, offset, count);
            return count;
        }

        @Override
        public long skip(long count) throws IOException {
            if (count <= 0) {
                return 0;
            }
            while (!this.current.hasRemaining()) {
                if (!next()) {
                    return 0;
                }
            }
            int skipped = (int) Math.min(count, this.current.remaining());
            this.current.position(this.current.position() + skipped);
            return skipped;
        }

        /** Waits for the next chunk; false at the end of the stream. */
        private boolean next() throws IOException {
            MonoSink<Void> released = null;
            ChunkPipe pipe = ChunkPipe.this;
            pipe.lock.lock();
            try {
                while (pipe.chunks.isEmpty() && !pipe.closed && !pipe.cancelled) {
                    pipe.readable.awaitUninterruptibly();
                }
                if (pipe.cancelled) {
                    throw new IOException("the upload was given up before the image ended");
                }
                if (pipe.chunks.isEmpty()) {
                    return false;
                }
                this.current = pipe.chunks.poll();
                if (pipe.waitingWriter != null) {
                    pipe.chunks.add(pipe.pending);
                    released = pipe.waitingWriter;
                    pipe.waitingWriter = null;
                    pipe.pending = null;
                }
            }
            finally {
                pipe.lock.unlock();
            }
            if (released != null) {
                released.success();
            }
            return true;
        }

        @Override
        public void close() {
            MonoSink<Void> released;
            ChunkPipe pipe = ChunkPipe.this;
            pipe.lock.lock();
            try {
                pipe.readerGone = true;
                pipe.chunks.clear();
                released = pipe.waitingWriter;
                pipe.waitingWriter = null;
                pipe.pending = null;
            }
            finally {
                pipe.lock.unlock();
            }
            if (released != null) {
                released.success();
            }
        }

    }

}
