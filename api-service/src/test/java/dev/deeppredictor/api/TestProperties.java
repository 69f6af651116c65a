package dev.deeppredictor.api;

import java.util.List;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.infra.test.TestServers;

import org.springframework.test.context.DynamicPropertyRegistry;

/** {@link ApiProperties} for unit tests: the given upload rules and keys, everything else at its default. */
public final class TestProperties {

    private TestProperties() {
    }

    public static ApiProperties of(ApiProperties.Upload upload, List<ApiProperties.ApiKey> keys) {
        return new ApiProperties("config", upload, keys, new ApiProperties.Recaptcha("", "",
                "http://127.0.0.1:9/siteverify", "http://127.0.0.1:9/api.js", 5000), "deep_predictor_test");
    }

    /** The shared test servers with {@code database} as the MongoDB database, and the repository's config folder. */
    public static void servers(DynamicPropertyRegistry registry, String database) {
        TestServers.shared().springProperties(database).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("deep-predictor.config-dir", () -> System.getProperty("deep-predictor.root", "..") + "/config");
    }

}
