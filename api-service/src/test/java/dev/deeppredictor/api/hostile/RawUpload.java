package dev.deeppredictor.api.hostile;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.deeppredictor.api.TestImages;

/**
 * An upload written by hand on a real socket, the way a slow or hostile client sends it: chunked,
 * paced by a timer, and still sending while the server answers.
 */
final class RawUpload implements AutoCloseable {

    static final String BOUNDARY = "hostile-boundary-7d1f";

    private final Socket socket;

    private final OutputStream out;

    private final AtomicLong sent = new AtomicLong();

    private final AtomicReference<IOException> writeFailure = new AtomicReference<>();

    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    RawUpload(int port, String path, String headers) throws IOException {
        this.socket = new Socket();
        // A small send buffer, so that "sent" is close to what the server has been offered.
        this.socket.setSendBufferSize(64 * 1024);
        this.socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        this.socket.setSoTimeout(60_000);
        this.out = this.socket.getOutputStream();
        this.out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        this.out.flush();
    }

    /** Multipart text of the fields, then the head of the image part; its bytes follow. */
    static byte[] formHead(String idField, String id, String modelField) {
        return formHead(idField, id, modelField, "fashion");
    }

    /** The same with any model name. */
    static byte[] formHead(String idField, String id, String modelField, String model) {
        return formHead(idField, id, modelField, model, new byte[0]);
    }

    /**
     * The same, with the image part starting as a real PNG (signature, header, and an IDAT chunk
     * claiming {@code dataLength} bytes): the zeros sent after it are that chunk's data, so an image
     * larger than one part keeps streaming until a limit stops it.
     */
    static byte[] formHeadOfPng(String idField, String id, String modelField, long dataLength) {
        byte[] png = TestImages.pngClaiming(4000, 3000);
        byte[] idat = java.nio.ByteBuffer.allocate(8).putInt((int) dataLength).put("IDAT".getBytes(StandardCharsets.US_ASCII)).array();
        byte[] start = java.util.Arrays.copyOf(png, png.length + idat.length);
        System.arraycopy(idat, 0, start, png.length, idat.length);
        return formHead(idField, id, modelField, "fashion", start);
    }

    private static byte[] formHead(String idField, String id, String modelField, String model, byte[] imageStart) {
        String head = part(idField, id) + part(modelField, model) + part("api_key", Endpoint.KEY) + "--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"huge.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        byte[] text = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(text, text.length + imageStart.length);
        System.arraycopy(imageStart, 0, all, text.length, imageStart.length);
        return all;
    }

    private static String part(String name, String value) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    /**
     * Sends {@code head} then {@code total} bytes of image in chunks of {@code chunk} bytes, one every
     * {@code periodMs}, with chunked transfer encoding, in the background.
     */
    void sendSlowly(byte[] head, long total, int chunk, long periodMs) {
        byte[] data = new byte[chunk];
        AtomicLong remaining = new AtomicLong(total);
        // Written by the pacer too: the caller is free to read the answer while the body is going out.
        this.pacer.execute(() -> writeChunk(head));
        this.pacer.scheduleAtFixedRate(() -> {
            long left = remaining.get();
            if (left <= 0 || this.writeFailure.get() != null) {
                this.pacer.shutdown();
                return;
            }
            int size = (int) Math.min(chunk, left);
            byte[] piece = (size == chunk) ? data : new byte[size];
            if (writeChunk(piece)) {
                remaining.addAndGet(-size);
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private boolean writeChunk(byte[] piece) {
        try {
            this.out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            this.out.write(piece);
            this.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            this.out.flush();
            this.sent.addAndGet(piece.length);
            return true;
        }
        catch (IOException ex) {
            this.writeFailure.compareAndSet(null, ex);
            return false;
        }
    }

    /** Bytes of body written so far. */
    long sent() {
        return this.sent.get();
    }

    /** Whether the server stopped taking the body (reset or closed the connection). */
    boolean writeFailed() {
        return this.writeFailure.get() != null;
    }

    /** Reads the status line, headers and a Content-Length or chunked body. */
    Response readResponse() throws IOException {
        InputStream in = this.socket.getInputStream();
        String head = readUntil(in, "\r\n\r\n");
        long sentAtAnswer = sent();
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase();
        String body = "";
        int length = lower.indexOf("content-length:");
        if (length >= 0) {
            int n = Integer.parseInt(lower.substring(length + 15, lower.indexOf("\r\n", length)).trim());
            body = new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
        else if (lower.contains("transfer-encoding: chunked")) {
            StringBuilder text = new StringBuilder();
            int n;
            while ((n = Integer.parseInt(readUntil(in, "\r\n").trim(), 16)) > 0) {
                text.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
                readUntil(in, "\r\n");
            }
            body = text.toString();
        }
        return new Response(status, head, body, sentAtAnswer);
    }

    /** Whether the server closes the connection within the time: a read sees the end of the stream or a reset. */
    boolean closedByServer(int withinMs) throws IOException {
        this.socket.setSoTimeout(withinMs);
        try {
            return this.socket.getInputStream().read() == -1;
        }
        catch (java.net.SocketTimeoutException ex) {
            return false;
        }
        catch (IOException ex) {
            return true;
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + bytes.size() + " bytes: " + bytes);
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        this.pacer.shutdownNow();
        this.socket.close();
    }

    record Response(int status, String head, String body, long sentAtAnswer) {
    }

}
