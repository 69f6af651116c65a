package dev.deeppredictor.api.access;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Checks a {@code g-recaptcha-response} token with the reCAPTCHA verify protocol: a form POST of
 * {@code secret} and {@code response} to the verify URL, answered by JSON with {@code success}.
 */
@Component
class RecaptchaVerifier {

    private static final Logger log = LoggerFactory.getLogger(RecaptchaVerifier.class);

    private final ApiProperties.Recaptcha settings;

    private final WebClient http;

    RecaptchaVerifier(ApiProperties properties) {
        this.settings = properties.recaptcha();
        this.http = WebClient.create();
    }

    boolean enabled() {
        return this.settings.enabled();
    }

    /** Completes when the token is valid; 401 when it is not, 503 when the verify URL does not answer. */
    Mono<Void> verify(String token) {
        return this.http.post()
            .uri(this.settings.verifyUrl())
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(BodyInserters.fromFormData("secret", this.settings.secret()).with("response", token))
            .retrieve()
            .bodyToMono(VerifyResponse.class)
            .timeout(Duration.ofMillis(this.settings.timeoutMs()))
            .onErrorMap((ex) -> !(ex instanceof ApiException), (ex) -> {
                log.warn("event=recaptcha-unavailable verify_url={} error=\"{}\"", this.settings.verifyUrl(), ex.toString());
                return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "reCAPTCHA unavailable",
                        "The reCAPTCHA check could not be made; retry later or use an api_key");
            })
            .flatMap((answer) -> answer.success() ? Mono.<Void>empty()
                    : Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "reCAPTCHA failed",
                            "The g-recaptcha-response was not accepted" + answer.reasons())));
    }

    record VerifyResponse(boolean success, @JsonProperty("error-codes") java.util.List<String> errorCodes) {

        String reasons() {
            return (this.errorCodes == null || this.errorCodes.isEmpty()) ? "" : " (" + String.join(", ", this.errorCodes) + ")";
        }

    }

}
