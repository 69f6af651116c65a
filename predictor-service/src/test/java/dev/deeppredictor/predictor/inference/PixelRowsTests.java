package dev.deeppredictor.predictor.inference;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading 8-bit sRGB bytes directly must give exactly what {@code getRGB} gives, for every layout
 * the JDK's decoders produce and for sub-images whose raster starts inside a larger one.
 */
class PixelRowsTests {

    private static final String[] COLORS = { "rgb", "bgr", "grayscale" };

    @ParameterizedTest
    @ValueSource(ints = { BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR })
    void bytesAreReadAsGetRgbReadsThem(int type) {
        BufferedImage image = noise(37, 23, type, 1);

        assertSameRows(image, true);
    }

    @Test
    void aSubImageIsReadFromItsOwnOrigin() {
        BufferedImage whole = noise(40, 30, BufferedImage.TYPE_4BYTE_ABGR, 2);
        BufferedImage part = whole.getSubimage(7, 5, 20, 13);

        assertSameRows(part, true);
    }

    @ParameterizedTest
    @ValueSource(strings = { "png", "jpeg", "bmp" })
    void decodedPhotosAreReadFromTheirBytes(String format) throws Exception {
        int type = "png".equals(format) ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR;
        BufferedImage decoded = new ImageDecoder(1_000_000).decode(encode(noise(33, 17, type, 3), format));

        assertSameRows(decoded, true);
    }

    @Test
    void anOpaquePngIsReadFromItsBytes() throws Exception {
        BufferedImage decoded = new ImageDecoder(1_000_000)
            .decode(encode(noise(21, 19, BufferedImage.TYPE_3BYTE_BGR, 4), "png"));

        assertSameRows(decoded, true);
    }

    @ParameterizedTest
    @ValueSource(ints = { BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_BYTE_INDEXED,
            BufferedImage.TYPE_USHORT_565_RGB })
    void otherLayoutsGoThroughGetRgb(int type) {
        BufferedImage image = noise(9, 7, type, 5);

        assertSameRows(image, false);
    }

    private static void assertSameRows(BufferedImage image, boolean direct) {
        for (String color : COLORS) {
            PixelRows fast = new PixelRows(image, color, 255f, true);
            PixelRows slow = new PixelRows(image, color, 255f, false);
            assertThat(fast.readsBytes()).as("reads bytes, %s", color).isEqualTo(direct);
            float[] expected = new float[image.getWidth() * slow.channels()];
            float[] actual = new float[image.getWidth() * fast.channels()];
            for (int y = 0; y < image.getHeight(); y++) {
                slow.read(y, expected);
                fast.read(y, actual);
                assertThat(actual).as("row %d, %s", y, color).containsExactly(expected);
            }
        }
    }

    private static BufferedImage noise(int width, int height, int type, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("a %s writer", format).isTrue();
        return out.toByteArray();
    }

}
