package dev.deeppredictor.predictor.storage;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The S3-compatible object store holding the uploaded images.
 *
 * @param endpoint its URL
 * @param accessKey the access key (env {@code DEEP_PREDICTOR_STORAGE_ACCESS_KEY})
 * @param secretKey the secret key (env {@code DEEP_PREDICTOR_STORAGE_SECRET_KEY})
 * @param bucket the bucket of the uploads
 * @param testBucket the bucket of the test API's uploads (test models), kept apart from production
 * @param region the region requests are signed for
 * @param connectTimeout how long to wait for a connection before the store counts as down
 * @param readTimeout how long a read may stall
 */
@Validated
@ConfigurationProperties("deep-predictor.storage")
public record StorageProperties(@NotBlank String endpoint, @NotBlank String accessKey, @NotBlank String secretKey,
        @NotBlank @DefaultValue("deep-predictor") String bucket,
        @NotBlank @DefaultValue("deep-predictor-test") String testBucket, @NotBlank @DefaultValue("us-east-1") String region,
        @NotNull @DefaultValue("5s") Duration connectTimeout, @NotNull @DefaultValue("30s") Duration readTimeout) {
}
