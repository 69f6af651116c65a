package dev.deeppredictor.api.upload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.deeppredictor.api.TestImages;
import dev.deeppredictor.api.TestProperties;
import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.model.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ImageInspectorTests {

    private final ImageInspector inspector = new ImageInspector(TestProperties.of(new ApiProperties.Upload("fashion", DataSize.ofMegabytes(16), 1_000_000, 32, "abc", 5000),
            List.of(new ApiProperties.ApiKey("t", "k"))));

    @ParameterizedTest
    @CsvSource({ "png, png, image/png", "jpg, jpg, image/jpeg", "bmp, bmp, image/bmp", "gif, gif, image/gif" })
    void recognisesRealImagesByContent(String encoder, String extension, String mediaType) {
        InspectedImage image = this.inspector.inspect(TestImages.encoded(encoder, 64, 48));
        assertThat(image).isEqualTo(new InspectedImage(extension, mediaType, 64, 48));
    }

    @Test
    void onlyTheConfiguredTypesAreAccepted() {
        ImageInspector pngOnly = new ImageInspector(TestProperties.of(new ApiProperties.Upload("fashion",
                DataSize.ofMegabytes(16), DataSize.ofMegabytes(5), 1_000_000, 32, "abc", 5000, List.of("PNG")), List.of(new ApiProperties.ApiKey("t", "k"))));
        assertThat(pngOnly.inspect(TestImages.encoded("png", 8, 8)).extension()).isEqualTo("png");
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> pngOnly.inspect(TestImages.encoded("jpg", 8, 8)))
            .satisfies((ex) -> {
                assertThat(ex.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
                assertThat(ex.getMessage()).isEqualTo("JPEG images are not accepted here; send png");
            });
        assertThatIllegalArgumentException().isThrownBy(() -> new ImageInspector(TestProperties.of(
                new ApiProperties.Upload("fashion", DataSize.ofMegabytes(16), DataSize.ofMegabytes(5), 1_000_000, 32, "abc", 5000, List.of("heic")),
                List.of(new ApiProperties.ApiKey("t", "k"))))).withMessageContaining("'heic' is not one of");
    }

    @Test
    void refusesTextThatOnlyClaimsToBeAnImage() {
        assertRefused("hello, I am a jpg".getBytes(StandardCharsets.UTF_8), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "not a JPEG");
    }

    @Test
    void refusesATruncatedImage() {
        byte[] png = TestImages.encoded("png", 300, 300);
        assertRefused(Arrays.copyOf(png, png.length / 2), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "damaged");
    }

    @Test
    void refusesAPixelBombFromItsHeaderAlone() {
        assertRefused(TestImages.pngClaiming(50_000, 50_000), HttpStatus.CONTENT_TOO_LARGE, "50000x50000");
    }

    @Test
    void refusesFormatsItCannotDecodeWithAClearReason() {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII);
        assertRefused(webp, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "WEBP images are recognised but cannot be decoded");
    }

    private void assertRefused(byte[] content, HttpStatus status, String detail) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.inspector.inspect(content))
            .satisfies((ex) -> {
                assertThat(ex.status()).isEqualTo(status);
                assertThat(ex.seedStatus()).isEqualTo(StatusCode.IMAGE_NOT_SUPPORTED);
                assertThat(ex.getMessage()).contains(detail);
            });
    }

}
