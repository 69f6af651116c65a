package dev.deeppredictor.api;

import java.util.List;

import dev.deeppredictor.api.config.ApiProperties;

/** {@link ApiProperties} for unit tests: the given upload rules and keys, everything else at its default. */
public final class TestProperties {

    private TestProperties() {
    }

    public static ApiProperties of(ApiProperties.Upload upload, List<ApiProperties.ApiKey> keys) {
        return new ApiProperties("config", upload, keys, new ApiProperties.Recaptcha("", "",
                "http://127.0.0.1:9/siteverify", "http://127.0.0.1:9/api.js", 5000), "deep_predictor_test");
    }

}
