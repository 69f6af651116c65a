package dev.deeppredictor.api.access;

import dev.deeppredictor.api.TestProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.deeppredictor.api.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reCAPTCHA on the seed's upload, against a local stand-in that speaks the verify protocol (a form
 * POST of secret and response, answered with {"success": ..., "error-codes": [...]}); no outside
 * host is reached.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class RecaptchaIntegrationTests {

    private static final String SECRET = "stand-in-secret";

    private static final String GOOD_TOKEN = "token-a-person-earned";

    private static final List<Map<String, String>> verifyCalls = new CopyOnWriteArrayList<>();

    private static final HttpServer verifier = startVerifier();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestProperties.servers(registry, "api_recaptcha");
        registry.add("deep-predictor.recaptcha.site-key", () -> "stand-in-site-key");
        registry.add("deep-predictor.recaptcha.secret", () -> SECRET);
        registry.add("deep-predictor.recaptcha.verify-url",
                () -> "http://127.0.0.1:" + verifier.getAddress().getPort() + "/recaptcha/api/siteverify");
    }

    @AfterAll
    static void stopVerifier() {
        verifier.stop(0);
    }

    @Autowired
    WebTestClient web;

    @Test
    void aTokenTheVerifierAcceptsAdmitsTheUpload() {
        String id = "Recaptcha1Recaptcha1Recaptcha1Re";
        upload(id, GOOD_TOKEN).expectStatus().isOk()
            .expectBody().json("{\"prediction_id\":\"" + id + "\",\"prediction_status\":100}");
        assertThat(verifyCalls).anySatisfy((call) -> {
            assertThat(call).containsEntry("secret", SECRET).containsEntry("response", GOOD_TOKEN);
        });
    }

    @Test
    void aTokenTheVerifierRefusesIs401WithItsReason() {
        upload("Recaptcha2Recaptcha2Recaptcha2Re", "forged-token").expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").value((detail) -> assertThat((String) detail)
                .contains("g-recaptcha-response was not accepted").contains("invalid-input-response"));
    }

    @Test
    void noTokenAndNoKeyIs401NamingBoth() {
        upload("Recaptcha3Recaptcha3Recaptcha3Re", "").expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED)
            .expectBody().jsonPath("$.detail").isEqualTo("Send an api_key or a g-recaptcha-response");
    }

    @Test
    void aVerifierThatFailsIs503NotAnOpenDoor() {
        upload("Recaptcha4Recaptcha4Recaptcha4Re", "token-that-breaks-the-verifier")
            .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            .expectBody().jsonPath("$.title").isEqualTo("reCAPTCHA unavailable");
    }

    private WebTestClient.ResponseSpec upload(String id, String token) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("prediction_id", id);
        form.part("model_name", "fashion");
        form.part("image", new ByteArrayResource(TestImages.encoded("png", 28, 28)) {
            @Override
            public String getFilename() {
                return "shoe.png";
            }
        });
        form.part("g-recaptcha-response", token);
        return this.web.post().uri("/upload").contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(form.build())).exchange();
    }

    /** Accepts {@link #GOOD_TOKEN} with the right secret, fails with 500 on request, refuses the rest. */
    private static HttpServer startVerifier() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/recaptcha/api/siteverify", RecaptchaIntegrationTests::verify);
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot start the reCAPTCHA stand-in", ex);
        }
    }

    private static void verify(HttpExchange exchange) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        verifyCalls.add(form);
        boolean formPost = "POST".equals(exchange.getRequestMethod()) && String
            .valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).startsWith("application/x-www-form-urlencoded");
        int status = 200;
        String answer;
        if ("token-that-breaks-the-verifier".equals(form.get("response"))) {
            status = 500;
            answer = "{}";
        }
        else if (formPost && SECRET.equals(form.get("secret")) && GOOD_TOKEN.equals(form.get("response"))) {
            answer = "{\"success\": true, \"challenge_ts\": \"2026-11-24T10:00:00Z\", \"hostname\": \"localhost\"}";
        }
        else {
            answer = "{\"success\": false, \"error-codes\": [\"invalid-input-response\"]}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
