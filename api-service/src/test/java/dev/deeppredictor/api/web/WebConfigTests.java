package dev.deeppredictor.api.web;

import java.util.List;

import dev.deeppredictor.api.config.ApiProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's configuration shows what a browser needs for reCAPTCHA and nothing private.
 */
class WebConfigTests {

    private static final ApiProperties.Upload UPLOAD = new ApiProperties.Upload("faces", DataSize.ofMegabytes(2),
            1_000_000, 12, "abc123", 5000);

    @Test
    void reCaptchaOnGivesTheSiteKeyAndScriptButNeverTheSecret() {
        String json = JsonMapper.shared()
            .writeValueAsString(WebConfigController.WebConfig.of(properties(new ApiProperties.Recaptcha("site-key-1",
                    "very-secret-value", "http://127.0.0.1:9/siteverify", "http://127.0.0.1:9/api.js", 5000))));

        assertThat(json).contains("\"enabled\":true", "\"site_key\":\"site-key-1\"",
                "\"script_url\":\"http://127.0.0.1:9/api.js\"", "\"default_model\":\"faces\"",
                "\"max_upload_bytes\":2097152", "\"length\":12", "\"characters\":\"abc123\"");
        assertThat(json).doesNotContain("very-secret-value", "siteverify");
    }

    @Test
    void reCaptchaOffLeavesTheWidgetOut() {
        WebConfigController.WebConfig config = WebConfigController.WebConfig.of(properties(
                new ApiProperties.Recaptcha("site-key-1", "", "http://127.0.0.1:9/siteverify", "http://127.0.0.1:9/api.js", 5000)));

        assertThat(config.recaptcha()).isEqualTo(new WebConfigController.RecaptchaView(false, null, null));
    }

    private static ApiProperties properties(ApiProperties.Recaptcha recaptcha) {
        return new ApiProperties("config", UPLOAD, List.of(new ApiProperties.ApiKey("local", "local-dev-key")), recaptcha,
                "deep_predictor_test");
    }

}
