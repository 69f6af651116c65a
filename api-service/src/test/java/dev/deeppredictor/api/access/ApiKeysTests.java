package dev.deeppredictor.api.access;

import java.util.List;

import dev.deeppredictor.api.TestProperties;
import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeysTests {

    private final ApiKeys keys = new ApiKeys(TestProperties.of(new ApiProperties.Upload("fashion", DataSize.ofMegabytes(16), 1, 32, "abc", 5000),
            List.of(new ApiProperties.ApiKey("alice", "key-of-alice"), new ApiProperties.ApiKey("bob", "key-of-bob"),
            // printf %s key-of-carol | sha256sum
            new ApiProperties.ApiKey("carol", null, "578bf4884467dbb6929c1e455931841dd606f0a38d410375e84925e523e7c407", true))));

    @Test
    void namesTheHolderOfAValidKey() {
        assertThat(this.keys.require("key-of-bob")).isEqualTo("bob");
        assertThat(this.keys.require("key-of-alice")).isEqualTo("alice");
    }

    @Test
    void onlyAdminKeysOpenTheAdminApi() {
        assertThat(this.keys.requireAdmin("key-of-carol")).isEqualTo("carol");
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.keys.requireAdmin("key-of-bob"))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.FORBIDDEN));
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.keys.requireAdmin("nobody"))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
    }

    @Test
    void keysMayBeConfiguredAsTheirSha256Only() {
        assertThat(this.keys.require("key-of-carol")).isEqualTo("carol");
    }

    @Test
    void aKeyNeedsExactlyOneOfKeyAndDigest() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiProperties.ApiKey("dave", null, null, false))
            .withMessageContaining("exactly one");
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiProperties.ApiKey("dave", "k", "ab", false))
            .withMessageContaining("exactly one");
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiProperties.ApiKey("dave", "", "not-hex", false))
            .withMessageContaining("64 hex digits");
    }

    @Test
    void refusesMissingAndWrongKeysWith401() {
        for (String wrong : new String[] { null, "", "key-of-bo", "key-of-bobb", "KEY-OF-BOB" }) {
            assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.keys.require(wrong))
                .satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
        }
    }

}
