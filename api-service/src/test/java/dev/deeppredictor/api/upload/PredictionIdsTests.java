package dev.deeppredictor.api.upload;

import java.util.List;

import dev.deeppredictor.api.TestProperties;
import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PredictionIdsTests {

    private final PredictionIds ids = new PredictionIds(TestProperties.of(new ApiProperties.Upload("fashion", DataSize.ofMegabytes(16), 1, 32, "abcdef0123", 5000),
            List.of(new ApiProperties.ApiKey("t", "k"))));

    @Test
    void generatedIdsHaveTheConfiguredShapeAndDiffer() {
        String first = this.ids.generate();
        assertThat(first).hasSize(32).matches("[abcdef0123]+");
        assertThat(this.ids.check(first)).isEqualTo(first);
        assertThat(this.ids.generate()).isNotEqualTo(first);
    }

    @Test
    void refusesWrongLengthsAndCharacters() {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.ids.check("abc"))
            .withMessageContaining("32 characters");
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.ids.check("../../etc/passwd" + "a".repeat(16)))
            .withMessageContaining("may only use");
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.ids.check(""))
            .withMessageContaining("required");
    }

}
