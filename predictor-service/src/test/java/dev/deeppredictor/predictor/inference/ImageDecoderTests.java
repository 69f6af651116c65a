package dev.deeppredictor.predictor.inference;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ImageDecoderTests {

    @Test
    void decodesPngAndJpeg() throws Exception {
        ImageDecoder decoder = new ImageDecoder(40_000_000);

        assertThat(decoder.decode(encode(new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_GRAY), "png")).getWidth())
            .isEqualTo(30);
        assertThat(decoder.decode(encode(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), "jpeg")).getHeight())
            .isEqualTo(20);
    }

    @Test
    void refusesBytesThatAreNoImage() {
        ImageDecoder decoder = new ImageDecoder(40_000_000);

        assertThatExceptionOfType(ImageRejectedException.class)
            .isThrownBy(() -> decoder.decode("not an image".getBytes(StandardCharsets.UTF_8)))
            .withMessageContaining("not an image in a supported format");
    }

    @Test
    void refusesATruncatedImage() throws Exception {
        byte[] png = encode(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png");
        ImageDecoder decoder = new ImageDecoder(40_000_000);

        assertThatExceptionOfType(ImageRejectedException.class)
            .isThrownBy(() -> decoder.decode(Arrays.copyOf(png, 60)))
            .withMessageContaining("cannot decode");
    }

    @Test
    void refusesTooManyPixelsFromTheHeader() throws Exception {
        byte[] png = encode(new BufferedImage(200, 100, BufferedImage.TYPE_BYTE_GRAY), "png");

        assertThat(new ImageDecoder(20_000).decode(png).getWidth()).isEqualTo(200);
        assertThatExceptionOfType(ImageRejectedException.class)
            .isThrownBy(() -> new ImageDecoder(19_999).decode(png))
            .withMessageContaining("200x100");
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

}
