package dev.deeppredictor.api.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.deeppredictor.api.TestProperties;
import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The strict checks (whole file, nothing appended, no markup in metadata, decoder warnings) must not
 * refuse real photos: every picture in Debian's python3-skimage data set (installed by
 * infra/models/prepare.sh) passes, except the one it ships truncated on purpose.
 */
class RealPhotosInspectionTests {

    private static final Path PHOTOS = Path.of("/usr/lib/python3/dist-packages/skimage/data");

    private final ImageInspector inspector = new ImageInspector(TestProperties.of(
            new ApiProperties.Upload("fashion", DataSize.ofMegabytes(16), 40_000_000, 32, "abc", 5000),
            List.of(new ApiProperties.ApiKey("t", "k"))));

    static Stream<Path> photos() throws IOException {
        List<Path> photos;
        try (Stream<Path> files = Files.list(PHOTOS)) {
            photos = files.filter((file) -> file.getFileName().toString().matches(".*\\.(png|jpg|gif|bmp)"))
                .filter((file) -> !file.getFileName().toString().equals("truncated.jpg"))
                .sorted()
                .toList();
        }
        assertThat(photos).as("photos in " + PHOTOS).hasSizeGreaterThan(20);
        return photos.stream();
    }

    @ParameterizedTest
    @MethodSource("photos")
    void realPhotosAreAccepted(Path photo) throws IOException {
        InspectedImage image = this.inspector.inspect(Files.readAllBytes(photo));
        assertThat(image.width()).isPositive();
        assertThat(image.height()).isPositive();
    }

    @Test
    void theDataSetsTruncatedJpegIsRefused() throws IOException {
        byte[] truncated = Files.readAllBytes(PHOTOS.resolve("truncated.jpg"));
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.inspector.inspect(truncated))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE))
            .withMessageContaining("truncated");
    }

    /**
     * 64 bytes overwritten in the middle of the entropy-coded data: the structure is whole, only
     * decoding every row finds the damage (the decoder's warnings), which the check still does
     * while it keeps one pixel in 4x4.
     */
    @ParameterizedTest
    @ValueSource(strings = { "rocket.jpg", "retina.jpg" })
    void aPhotoDamagedInsideItsCompressedDataIsRefused(String name) throws IOException {
        byte[] damaged = Files.readAllBytes(PHOTOS.resolve(name));
        for (int i = 0; i < 64; i++) {
            damaged[damaged.length / 2 + i] = (byte) (i * 37 + 11);
        }
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.inspector.inspect(damaged))
            .satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE))
            .withMessageContaining("damaged");
    }

}
