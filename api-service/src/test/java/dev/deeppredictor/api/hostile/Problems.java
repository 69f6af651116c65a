package dev.deeppredictor.api.hostile;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every refusal must look like: its status, RFC 9457 problem+json, a title and a detail that says why. */
final class Problems {

    private Problems() {
    }

    /** {@code seedStatus} 0: the problem carries no prediction_status. */
    static void expect(WebTestClient.ResponseSpec response, HttpStatus status, String detail, int seedStatus) {
        WebTestClient.BodyContentSpec body = response.expectStatus().isEqualTo(status)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status").isEqualTo(status.value())
            .jsonPath("$.title").isNotEmpty()
            .jsonPath("$.detail").value(String.class, (text) -> {
                if (!text.contains(detail)) {
                    throw new AssertionError("detail \"" + text + "\" does not contain \"" + detail + "\"");
                }
            });
        if (seedStatus != 0) {
            body.jsonPath("$.prediction_status").isEqualTo(seedStatus);
        }
        else {
            body.jsonPath("$.prediction_status").doesNotExist();
        }
    }

}
