package dev.deeppredictor.predictor.inference;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.Collections;
import java.util.List;

import dev.deeppredictor.model.definition.Preprocessing;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ImagePreprocessorTests {

    private static final float EPS = 1e-4f;

    private final ImagePreprocessor preprocessor = new ImagePreprocessor();

    @Test
    void grayImageAtModelSizeIsOnlyScaledAndNormalised() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(0, 0, 0, 255);
        image.getRaster().setSample(5, 3, 0, 128);
        Preprocessing fashion = new Preprocessing(28, 28, "grayscale", false, 1 / 255d, List.of(0.2860),
                List.of(0.3530), "NCHW");

        float[] input = this.preprocessor.toInput(image, fashion);

        assertThat(input).hasSize(28 * 28);
        assertThat(input[0]).isCloseTo((float) ((1 - 0.2860) / 0.3530), within(EPS));
        // The raw gray value 128 is used as it is, not gamma-converted as getRGB would do.
        assertThat(input[3 * 28 + 5]).isCloseTo((float) ((128 / 255d - 0.2860) / 0.3530), within(EPS));
        assertThat(input[1]).isCloseTo((float) (-0.2860 / 0.3530), within(EPS));
    }

    @Test
    void rgbChannelsInNchwAndNhwcAndBgrOrder() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, new Color(10, 20, 30).getRGB());
        image.setRGB(1, 0, new Color(40, 50, 60).getRGB());

        assertThat(this.preprocessor.toInput(image, raw(2, 1, "rgb", "NCHW")))
            .containsExactly(10, 40, 20, 50, 30, 60);
        assertThat(this.preprocessor.toInput(image, raw(2, 1, "rgb", "NHWC")))
            .containsExactly(10, 20, 30, 40, 50, 60);
        assertThat(this.preprocessor.toInput(image, raw(2, 1, "bgr", "NCHW")))
            .containsExactly(30, 60, 20, 50, 10, 40);
    }

    @Test
    void perChannelMeanAndStd() {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, new Color(255, 0, 51).getRGB());
        Preprocessing pre = new Preprocessing(1, 1, "rgb", false, 1 / 255d, List.of(0.5, 0.5, 0.2),
                List.of(0.5, 0.25, 0.1), "NCHW");

        assertThat(this.preprocessor.toInput(image, pre)).containsExactly(new float[] { 1f, -2f, 0f }, within(EPS));
    }

    @Test
    void rgbBecomesGrayByLuminance() {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, new Color(255, 0, 0).getRGB());
        image.setRGB(1, 0, new Color(0, 255, 0).getRGB());
        image.setRGB(2, 0, new Color(0, 0, 255).getRGB());

        assertThat(this.preprocessor.toInput(image, raw(3, 1, "grayscale", "NCHW")))
            .containsExactly(new float[] { 0.299f * 255, 0.587f * 255, 0.114f * 255 }, within(EPS));
    }

    @Test
    void grayIsRepeatedForRgbModels() {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(0, 0, 0, 77);

        assertThat(this.preprocessor.toInput(image, raw(1, 1, "rgb", "NCHW"))).containsExactly(77, 77, 77);
    }

    @Test
    void paletteImagesUseTheirPaletteColours() {
        byte[] reds = { 0, (byte) 200 };
        byte[] greens = { 0, 100 };
        byte[] blues = { 0, 50 };
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(1, 2, reds, greens, blues));
        image.getRaster().setSample(1, 0, 0, 1);

        assertThat(this.preprocessor.toInput(image, raw(2, 1, "rgb", "NHWC"))).containsExactly(0, 0, 0, 200, 100, 50);
    }

    @Test
    void sixteenBitGrayKeepsItsPrecision() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(0, 0, 0, 65535);
        image.getRaster().setSample(1, 0, 0, 32896);

        assertThat(this.preprocessor.toInput(image, raw(2, 1, "grayscale", "NCHW")))
            .containsExactly(new float[] { 255f, 32896 * 255f / 65535 }, within(EPS));
    }

    @Test
    void sixteenBitRgbIsRead() {
        BufferedImage rgb48 = sixteenBitRgb(64 * 257, 65535, 0);

        assertThat(this.preprocessor.toInput(rgb48, raw(1, 1, "rgb", "NCHW")))
            .containsExactly(new float[] { 64f, 255f, 0f }, within(0.5f));
    }

    @Test
    void transparencyShowsTheTrainingBackground() {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x00ffffff);
        image.setRGB(1, 0, 0xffffffff);
        image.setRGB(2, 0, 0x80ffffff);

        // Fashion-MNIST style (gray, not inverted): light objects on black.
        assertThat(this.preprocessor.toInput(image, raw(3, 1, "grayscale", "NCHW")))
            .containsExactly(new float[] { 0f, 255f, 128f }, within(0.5f));
        // Photo models: white.
        assertThat(this.preprocessor.toInput(image, raw(3, 1, "rgb", "NHWC")))
            .containsExactly(new float[] { 255, 255, 255, 255, 255, 255, 255, 255, 255 }, within(0.5f));
    }

    @Test
    void grayWithAlphaIsCompositedFromItsRaster() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] { 200, 255 });
        raster.setPixel(1, 0, new int[] { 200, 0 });
        BufferedImage grayAlpha = new BufferedImage(model, raster, false, null);

        assertThat(this.preprocessor.toInput(grayAlpha, raw(2, 1, "grayscale", "NCHW")))
            .containsExactly(new float[] { 200f, 0f }, within(EPS));
    }

    @Test
    void invertedModelsSeeTransparencyAsTheirDarkBackground() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x00000000);
        image.setRGB(1, 0, 0xff000000);
        Preprocessing inverted = new Preprocessing(2, 1, "grayscale", true, 1, List.of(0.0), List.of(1.0), "NCHW");

        // Transparent -> white -> inverted to 0, like the background; black ink -> 255.
        assertThat(this.preprocessor.toInput(image, inverted)).containsExactly(new float[] { 0f, 255f }, within(EPS));
    }

    @Test
    void largeImageIsAveragedDownWithoutAliasing() {
        BufferedImage image = new BufferedImage(4000, 3000, BufferedImage.TYPE_BYTE_GRAY);
        // Fine vertical stripes 0/255: nearest-neighbour sampling would see only one of them.
        for (int x = 0; x < 4000; x += 2) {
            for (int y = 0; y < 3000; y++) {
                image.getRaster().setSample(x, y, 0, 255);
            }
        }

        float[] input = this.preprocessor.toInput(image, raw(28, 28, "grayscale", "NCHW"));

        assertThat(input).hasSize(28 * 28);
        for (float value : input) {
            assertThat(value).isCloseTo(127.5f, within(2f));
        }
    }

    @Test
    void smallImageIsEnlargedBilinearly() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(0, 0, 0, 0);
        image.getRaster().setSample(1, 0, 0, 200);

        float[] input = this.preprocessor.toInput(image, raw(4, 2, "grayscale", "NCHW"));

        assertThat(input).containsExactly(new float[] { 0, 50, 150, 200, 0, 50, 150, 200 }, within(EPS));
    }

    @Test
    void scaledGraphicsKeepTheirShape() {
        BufferedImage image = new BufferedImage(280, 140, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, 140, 140);
        graphics.dispose();

        float[] input = this.preprocessor.toInput(image, raw(28, 14, "grayscale", "NCHW"));

        assertThat(input[0]).isCloseTo(255f, within(0.01f));
        assertThat(input[13]).isCloseTo(255f, within(0.01f));
        assertThat(input[14]).isCloseTo(0f, within(0.01f));
        assertThat(input[13 * 28 + 27]).isCloseTo(0f, within(0.01f));
    }

    /** Pixel values 0..255 unchanged: scale 1, mean 0, std 1. */
    private static Preprocessing raw(int width, int height, String color, String layout) {
        int channels = "grayscale".equals(color) ? 1 : 3;
        return new Preprocessing(width, height, color, false, 1, Collections.nCopies(channels, 0.0),
                Collections.nCopies(channels, 1.0), layout);
    }

    private static BufferedImage sixteenBitRgb(int r, int g, int b) {
        ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        ComponentColorModel model = new ComponentColorModel(srgb, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] { r, g, b });
        return new BufferedImage(model, raster, false, null);
    }

}
