package dev.deeppredictor.api.config;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The S3 object store holding uploaded images, under {@code deep-predictor.storage}.
 *
 * @param endpoint the S3 API address
 * @param accessKey the access key
 * @param secretKey the secret key
 * @param bucket the bucket of the images of production models
 * @param testBucket the bucket of the images of test models (the test API)
 * @param region the region used for request signing
 */
@Validated
@ConfigurationProperties("deep-predictor.storage")
public record StorageProperties(@NotBlank String endpoint, @NotBlank String accessKey, @NotBlank String secretKey,
        @DefaultValue("deep-predictor") @NotBlank String bucket,
        @DefaultValue("deep-predictor-test") @NotBlank String testBucket, @DefaultValue("us-east-1") String region) {
}
