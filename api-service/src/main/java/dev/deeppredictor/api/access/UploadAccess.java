package dev.deeppredictor.api.access;

import dev.deeppredictor.api.error.ApiException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may upload: a holder of an api key, or, where reCAPTCHA is on and the endpoint allows it, a
 * browser with a valid reCAPTCHA token. The test API takes api keys only.
 */
@Component
public class UploadAccess {

    /** The caller name recorded for uploads admitted by reCAPTCHA. */
    public static final String RECAPTCHA_CALLER = "recaptcha";

    private final ApiKeys keys;

    private final RecaptchaVerifier recaptcha;

    UploadAccess(ApiKeys keys, RecaptchaVerifier recaptcha) {
        this.keys = keys;
        this.recaptcha = recaptcha;
    }

    /**
     * @param apiKey the api key presented, or null
     * @param recaptchaToken the {@code g-recaptcha-response} presented, or null
     * @param recaptchaAllowed whether this endpoint admits reCAPTCHA at all
     * @return the caller: the key holder's name, or {@value #RECAPTCHA_CALLER}
     */
    public Mono<String> authorize(String apiKey, String recaptchaToken, boolean recaptchaAllowed) {
        if (apiKey != null && !apiKey.isEmpty()) {
            return Mono.fromCallable(() -> this.keys.require(apiKey));
        }
        boolean useRecaptcha = recaptchaAllowed && this.recaptcha.enabled();
        if (useRecaptcha && recaptchaToken != null && !recaptchaToken.isEmpty()) {
            return this.recaptcha.verify(recaptchaToken).thenReturn(RECAPTCHA_CALLER);
        }
        return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Missing credentials",
                useRecaptcha ? "Send an api_key or a g-recaptcha-response" : "Send an api_key"));
    }

}
