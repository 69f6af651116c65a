package dev.deeppredictor.api.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.minio.MinioAsyncClient;
import io.minio.errors.ErrorResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The PUT retry, against a local stand-in that answers as S3 does: first a server error, then
 * success; or an error that is the request's fault.
 */
class ObjectStoreRetryTests {

    private final AtomicInteger puts = new AtomicInteger();

    private final Map<String, String> lastPutHeaders = new ConcurrentHashMap<>();

    private HttpServer server;

    @AfterEach
    void stop() {
        if (this.server != null) {
            this.server.stop(0);
        }
    }

    @Test
    void anInternalErrorIsRetriedAndThenTheImageIsStored() throws IOException {
        ObjectStore store = storeAnswering("InternalError", 500, 1);

        store.put("uploads/fashion/a.png", new byte[] { 1, 2, 3 }, "image/png").block();

        assertThat(this.puts).hasValue(2);
    }

    @Test
    void aPutSendsItsPayloadUnsignedWithACrc32() throws IOException {
        ObjectStore store = storeAnswering("InternalError", 500, 0);

        store.put("uploads/fashion/d.png", "123456789".getBytes(StandardCharsets.US_ASCII), "image/png").block();

        assertThat(this.lastPutHeaders).containsEntry("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
            .containsEntry("x-amz-sdk-checksum-algorithm", "CRC32")
            // CRC32 of "123456789" is 0xCBF43926, the check value of the algorithm.
            .containsEntry("x-amz-checksum-crc32", "y/Q5Jg==")
            .containsEntry("content-type", "image/png");
    }

    @Test
    void errorsOfTheRequestItselfAreNotRetried() throws IOException {
        ObjectStore store = storeAnswering("NoSuchBucket", 404, 1);

        assertThatExceptionOfType(RuntimeException.class)
            .isThrownBy(() -> store.put("uploads/fashion/b.png", new byte[] { 1 }, "image/png").block())
            .satisfies((ex) -> assertThat(ex.getCause()).isInstanceOf(ErrorResponseException.class));
        assertThat(this.puts).hasValue(1);
    }

    @Test
    void aStoreThatKeepsFailingFailsTheUploadInTheEnd() throws IOException {
        ObjectStore store = storeAnswering("InternalError", 500, Integer.MAX_VALUE);

        assertThatExceptionOfType(RuntimeException.class)
            .isThrownBy(() -> store.put("uploads/fashion/c.png", new byte[] { 1 }, "image/png").block());
        // The MinIO client retries server errors itself, at once; this store adds two later tries.
        assertThat(this.puts.get()).isGreaterThanOrEqualTo(3).matches((count) -> count % 3 == 0, "three tries of the client");
    }

    /** Fails the first {@code failures} PUTs with {@code code}, then stores. */
    private ObjectStore storeAnswering(String code, int status, int failures) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/", (exchange) -> {
            exchange.getRequestBody().readAllBytes();
            if ("PUT".equals(exchange.getRequestMethod())) {
                exchange.getRequestHeaders().forEach((name, values) -> this.lastPutHeaders.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            }
            if ("PUT".equals(exchange.getRequestMethod()) && this.puts.incrementAndGet() <= failures) {
                respond(exchange, status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                        + "</Code><Message>stand-in</Message><Resource>/b/k</Resource><RequestId>1</RequestId></Error>");
            }
            else {
                exchange.getResponseHeaders().add("ETag", "\"0123456789abcdef\"");
                respond(exchange, 200, "");
            }
        });
        this.server.start();
        MinioAsyncClient client = MinioAsyncClient.builder()
            .endpoint("http://127.0.0.1:" + this.server.getAddress().getPort())
            .credentials("key", "secret")
            .region("us-east-1")
            .build();
        return new ObjectStore(client, "bucket");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
