package dev.deeppredictor.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The load generator's HTTP/1.1 client for uploads: one keep-alive connection per thread, each
 * request written from bytes prepared once. The clients of a real deployment run on other machines;
 * here they share the two cores with the pipeline, so they should take as little of them as a
 * client can (the JDK's HttpClient took 0.45-0.56 ms of CPU per upload, most of the load
 * generator's share). A failed exchange closes its connection and the next request opens another;
 * nothing is retried, since a POST may have been accepted.
 */
final class KeepAliveHttp implements AutoCloseable {

    private final String host;

    private final int port;

    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    KeepAliveHttp(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /**
     * A POST request ready to send: request line, headers (with Host and Content-Length) and body.
     */
    byte[] post(String path, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
            .append(this.host).append(':').append(this.port).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return request;
    }

    /** Sends a prepared request on this thread's connection and reads the whole response. */
    Response exchange(byte[] request) throws IOException {
        Connection connection = this.current.get();
        if (connection == null) {
            connection = new Connection(this.host, this.port);
            this.connections.add(connection);
            this.current.set(connection);
        }
        try {
            Response response = connection.exchange(request);
            if (response.closing()) {
                drop(connection);
            }
            return response;
        }
        catch (IOException | RuntimeException ex) {
            drop(connection);
            throw ex;
        }
    }

    private void drop(Connection connection) {
        this.current.remove();
        this.connections.remove(connection);
        connection.close();
    }

    @Override
    public void close() {
        for (Connection connection : this.connections) {
            connection.close();
        }
        this.connections.clear();
    }

    /**
     * A response: status, the Location header (or null) and the body as text.
     */
    record Response(int status, String location, String body, boolean closing) {
    }

    private static final class Connection {

        private final Socket socket;

        private final OutputStream out;

        private final InputStream in;

        Connection(String host, int port) throws IOException {
            this.socket = new Socket();
            this.socket.setTcpNoDelay(true);
            this.socket.connect(new InetSocketAddress(host, port), 5_000);
            this.socket.setSoTimeout(30_000);
            this.out = this.socket.getOutputStream();
            this.in = new BufferedInputStream(this.socket.getInputStream(), 16 * 1024);
        }

        Response exchange(byte[] request) throws IOException {
            this.out.write(request);
            this.out.flush();
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.1 response: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            String location = null;
            long length = -1;
            boolean chunked = false;
            boolean closing = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "location" -> location = value;
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> closing = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            byte[] body = chunked ? chunkedBody() : (length >= 0) ? this.in.readNBytes((int) length) : new byte[0];
            if (length >= 0 && body.length < length) {
                throw new IOException("the connection closed inside a response body");
            }
            return new Response(status, location, new String(body, StandardCharsets.UTF_8), closing);
        }

        private byte[] chunkedBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int extension = size.indexOf(';');
                int length = Integer.parseInt((extension < 0) ? size.trim() : size.substring(0, extension).trim(), 16);
                if (length == 0) {
                    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                        // trailers are not used
                    }
                    return body.toByteArray();
                }
                body.writeBytes(this.in.readNBytes(length));
                line();
            }
        }

        /** One header line without its CRLF. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = this.in.read();
                if (b < 0) {
                    throw new IOException("the connection closed inside a response");
                }
                if (b == '\n') {
                    int end = line.length();
                    return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
        }

        void close() {
            try {
                this.socket.close();
            }
            catch (IOException ex) {
                // closing anyway
            }
        }

    }

}
