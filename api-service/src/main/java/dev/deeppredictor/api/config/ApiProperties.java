package dev.deeppredictor.api.config;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the API service under {@code deep-predictor}.
 *
 * @param configDir the folder holding {@code models/*.yml}
 * @param upload limits and rules of uploads
 * @param apiKeys the keys that may upload; each has a name for the logs
 * @param recaptcha reCAPTCHA verification for uploads from browsers; off while no secret is set
 * @param testDatabase the MongoDB database of the test API (test models), apart from production's
 */
@Validated
@ConfigurationProperties("deep-predictor")
public record ApiProperties(@DefaultValue("config") @NotBlank String configDir,
        @DefaultValue @Valid @NotNull Upload upload, @NotEmpty List<@Valid ApiKey> apiKeys,
        @DefaultValue @Valid @NotNull Recaptcha recaptcha,
        @DefaultValue("deep_predictor_test") @NotBlank String testDatabase) {

    /**
     * Rules for uploads.
     *
     * @param defaultModel the model used when an upload names none (the seed's default predictor)
     * @param maxSize largest accepted image file
     * @param partSize images up to this size are held in memory until the upload is read; a larger
     *     one streams to the object store in parts of this size while it arrives (S3's smallest
     *     part is 5 MiB)
     * @param maxPixels largest accepted image in pixels (width x height), against decompression bombs
     * @param predictionIdLength exact length of a client-chosen prediction id
     * @param predictionIdCharacters the characters a prediction id may use
     * @param publishTimeoutMs how long to wait for the broker to confirm a job
     * @param acceptedTypes the image types uploads may be, by content (the seed's accepted
     *     extensions): any of jpeg, png, gif, bmp; webp and heic are recognised but always refused,
     *     since this service cannot decode them
     */
    public record Upload(String defaultModel, DataSize maxSize, @NotNull DataSize partSize, @Min(1) long maxPixels, @Min(8) int predictionIdLength,
            @NotBlank String predictionIdCharacters, @Min(1) long publishTimeoutMs, @NotEmpty List<String> acceptedTypes) {

        @ConstructorBinding
        public Upload(@DefaultValue("fashion") String defaultModel, @DefaultValue("16MB") DataSize maxSize,
                @DefaultValue("5MB") DataSize partSize, @DefaultValue("40000000") long maxPixels, @DefaultValue("32") int predictionIdLength,
                @DefaultValue("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") String predictionIdCharacters,
                @DefaultValue("5000") long publishTimeoutMs, @DefaultValue({ "jpeg", "png", "gif", "bmp" }) List<String> acceptedTypes) {
            this.defaultModel = defaultModel;
            this.maxSize = maxSize;
            if (partSize.toBytes() < MIN_PART_SIZE.toBytes() || partSize.toBytes() > MAX_PART_SIZE.toBytes()) {
                throw new IllegalArgumentException("deep-predictor.upload.part-size must be between " + MIN_PART_SIZE
                        + " (S3's smallest part) and " + MAX_PART_SIZE + ", not " + partSize);
            }
            this.partSize = partSize;
            this.maxPixels = maxPixels;
            this.predictionIdLength = predictionIdLength;
            this.predictionIdCharacters = predictionIdCharacters;
            this.publishTimeoutMs = publishTimeoutMs;
            this.acceptedTypes = List.copyOf(acceptedTypes);
        }

        /** S3 refuses smaller parts, but for the last. */
        static final DataSize MIN_PART_SIZE = DataSize.ofMegabytes(5);

        /** A part is held in memory whole: a larger one would defeat the streaming. */
        static final DataSize MAX_PART_SIZE = DataSize.ofMegabytes(64);

        /** Every decodable type accepted, 5 MB parts. */
        public Upload(String defaultModel, DataSize maxSize, long maxPixels, int predictionIdLength,
                String predictionIdCharacters, long publishTimeoutMs) {
            this(defaultModel, maxSize, MIN_PART_SIZE, maxPixels, predictionIdLength, predictionIdCharacters, publishTimeoutMs,
                    List.of("jpeg", "png", "gif", "bmp"));
        }

    }

    /**
     * An api key, given as the key itself or, so that the configuration holds no secret, as the
     * SHA-256 of the key in hex ({@code printf %s "$KEY" | sha256sum}).
     *
     * @param name who holds the key, for the logs and the records
     * @param key the secret value, or empty when {@code keySha256} is given
     * @param keySha256 the key's SHA-256 in hex, or empty when {@code key} is given
     * @param admin whether the key may also use the admin API (dead letters)
     */
    public record ApiKey(@NotBlank String name, String key, String keySha256, @DefaultValue("false") boolean admin) {

        @ConstructorBinding
        public ApiKey {
            boolean plain = key != null && !key.isEmpty();
            boolean hashed = keySha256 != null && !keySha256.isEmpty();
            if (plain == hashed) {
                throw new IllegalArgumentException("api key '" + name + "' needs exactly one of key and key-sha256");
            }
            if (hashed && !keySha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("api key '" + name + "': key-sha256 must be 64 hex digits");
            }
        }

        public ApiKey(String name, String key) {
            this(name, key, null, false);
        }

    }

    /**
     * reCAPTCHA: an upload may carry a {@code g-recaptcha-response} token instead of an api key. The
     * token is checked by posting {@code secret} and {@code response} to {@code verifyUrl}, as the
     * reCAPTCHA verify protocol says.
     *
     * @param siteKey the public key the upload page puts in its widget
     * @param secret the private key sent to the verify URL; blank turns reCAPTCHA off
     * @param verifyUrl where tokens are verified
     * @param scriptUrl the widget script the upload page loads
     * @param timeoutMs how long to wait for the verify URL
     */
    public record Recaptcha(@DefaultValue("") String siteKey, @DefaultValue("") String secret,
            @DefaultValue("https://www.google.com/recaptcha/api/siteverify") String verifyUrl,
            @DefaultValue("https://www.google.com/recaptcha/api.js") String scriptUrl,
            @DefaultValue("5000") @Min(1) long timeoutMs) {

        /** Whether tokens are accepted at all. */
        public boolean enabled() {
            return !this.secret.isBlank() && !this.siteKey.isBlank();
        }

    }

}
