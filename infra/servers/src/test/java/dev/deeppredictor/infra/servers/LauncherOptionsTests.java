package dev.deeppredictor.infra.servers;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LauncherOptionsTests {

    @Test
    void defaultsNeedOnlyTheDataFolder() {
        LauncherOptions options = LauncherOptions.parse(List.of("--data-dir", "/tmp/dp"));

        assertThat(options.s3Port()).isEqualTo(9000);
        assertThat(options.mongoPort()).isEqualTo(27017);
        assertThat(options.s3AccessKey()).isEqualTo("deep-predictor");
        assertThat(options.s3SecretKey()).isEqualTo("deep-predictor-secret");
        assertThat(options.s3Bucket()).isEqualTo("deep-predictor");
        assertThat(options.mongoBackend()).isEqualTo(LauncherOptions.MongoBackendKind.H2);
        assertThat(options.s3Dir()).isEqualTo(Path.of("/tmp/dp/s3"));
        assertThat(options.mongoFile()).isEqualTo(Path.of("/tmp/dp/mongo/deep-predictor.mv"));
    }

    @Test
    void readsBothOptionSpellings() {
        LauncherOptions options = LauncherOptions.parse(List.of("--s3-port=0", "--mongo-port", "0",
                "--mongo-backend=memory", "--s3-bucket", "other", "--s3-access-key", "a", "--s3-secret-key=b"));

        assertThat(options.s3Port()).isZero();
        assertThat(options.mongoPort()).isZero();
        assertThat(options.mongoBackend()).isEqualTo(LauncherOptions.MongoBackendKind.MEMORY);
        assertThat(options.s3Bucket()).isEqualTo("other");
        assertThat(options.s3AccessKey()).isEqualTo("a");
        assertThat(options.s3SecretKey()).isEqualTo("b");
        assertThat(options.dataDir()).isNull();
        assertThat(options.s3Dir()).isNull();
    }

    @Test
    void theH2BackendNeedsADataFolder() {
        assertThatIllegalArgumentException().isThrownBy(() -> LauncherOptions.parse(List.of()))
            .withMessageContaining("--data-dir");
    }

    @Test
    void rejectsBadValuesByName() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> LauncherOptions.parse(List.of("--data-dir", "d", "--s3-port", "70000")))
            .withMessageContaining("--s3-port");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> LauncherOptions.parse(List.of("--data-dir", "d", "--mongo-backend", "disk")))
            .withMessageContaining("--mongo-backend");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> LauncherOptions.parse(List.of("--data-dir", "d", "--verbose", "yes")))
            .withMessageContaining("--verbose");
        assertThatIllegalArgumentException().isThrownBy(() -> LauncherOptions.parse(List.of("--data-dir")))
            .withMessageContaining("needs a value");
    }

}
