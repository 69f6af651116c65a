package dev.deeppredictor.api.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.deeppredictor.api.config.ApiProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the upload page needs to know before it can build a valid upload: the default model, the
 * size limit, the prediction id rule and how to authenticate. Only public values: the reCAPTCHA
 * secret and the api keys never leave the server.
 */
@RestController
class WebConfigController {

    private final WebConfig config;

    WebConfigController(ApiProperties properties) {
        this.config = WebConfig.of(properties);
    }

    @GetMapping("/api/v1/web-config")
    WebConfig webConfig() {
        return this.config;
    }

    record WebConfig(@JsonProperty("default_model") String defaultModel,
            @JsonProperty("max_upload_bytes") long maxUploadBytes,
            @JsonProperty("prediction_id") PredictionIdRule predictionId, RecaptchaView recaptcha) {

        static WebConfig of(ApiProperties properties) {
            ApiProperties.Upload upload = properties.upload();
            ApiProperties.Recaptcha recaptcha = properties.recaptcha();
            // The site key and script only matter while reCAPTCHA is on; leave them out otherwise
            // so the page cannot half-enable a widget the server would not verify.
            RecaptchaView view = recaptcha.enabled()
                    ? new RecaptchaView(true, recaptcha.siteKey(), recaptcha.scriptUrl())
                    : new RecaptchaView(false, null, null);
            return new WebConfig(upload.defaultModel(), upload.maxSize().toBytes(),
                    new PredictionIdRule(upload.predictionIdLength(), upload.predictionIdCharacters()), view);
        }

    }

    record PredictionIdRule(int length, String characters) {
    }

    record RecaptchaView(boolean enabled, @JsonProperty("site_key") String siteKey,
            @JsonProperty("script_url") String scriptUrl) {
    }

}
