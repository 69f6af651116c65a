package dev.deeppredictor.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The load generator's HTTP client against the JDK's HTTP server: requests on one kept-alive
 * connection, fixed-length and chunked answers, and a connection the server closes.
 */
class KeepAliveHttpTests {

    private HttpServer server;

    private final Set<Object> connections = ConcurrentHashMap.newKeySet();

    private KeepAliveHttp http;

    @BeforeEach
    void start() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/fixed", (exchange) -> answer(exchange, 202, false));
        this.server.createContext("/chunked", (exchange) -> answer(exchange, 202, true));
        this.server.createContext("/refused", (exchange) -> answer(exchange, 400, false));
        this.server.start();
        this.http = new KeepAliveHttp(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        this.http.close();
        this.server.stop(0);
    }

    @Test
    void requestsShareOneConnectionAndBothBodyFormsAreRead() throws IOException {
        byte[] body = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 5; i++) {
            KeepAliveHttp.Response fixed = this.http.exchange(this.http.post("/fixed", List.of("X-Test: " + i), body));
            assertThat(fixed.status()).isEqualTo(202);
            assertThat(fixed.location()).isEqualTo("/things/100000");
            assertThat(fixed.body()).isEqualTo("{\"read\":100000}");
            KeepAliveHttp.Response chunked = this.http.exchange(this.http.post("/chunked", List.of(), body));
            assertThat(chunked.body()).isEqualTo("{\"read\":100000}");
        }
        assertThat(this.connections).hasSize(1);
    }

    @Test
    void anErrorAnswerIsReadAndTheConnectionStaysUsable() throws IOException {
        KeepAliveHttp.Response refused = this.http.exchange(this.http.post("/refused", List.of(), new byte[10]));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(this.http.exchange(this.http.post("/fixed", List.of(), new byte[3])).location())
            .isEqualTo("/things/3");
    }

    @Test
    void aClosedConnectionFailsOneRequestAndTheNextOpensAnother() throws IOException {
        this.http.exchange(this.http.post("/fixed", List.of(), new byte[1]));
        this.server.stop(0);
        assertThatIOException().isThrownBy(() -> this.http.exchange(this.http.post("/fixed", List.of(), new byte[1])));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", this.server.getAddress().getPort()), 0);
        this.server.createContext("/fixed", (exchange) -> answer(exchange, 202, false));
        this.server.start();
        assertThat(this.http.exchange(this.http.post("/fixed", List.of(), new byte[2])).status()).isEqualTo(202);
    }

    private void answer(HttpExchange exchange, int status, boolean chunked) throws IOException {
        this.connections.add(exchange.getRemoteAddress());
        int read = exchange.getRequestBody().readAllBytes().length;
        byte[] json = ("{\"read\":" + read + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", "/things/" + read);
        exchange.sendResponseHeaders(status, chunked ? 0 : json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

}
