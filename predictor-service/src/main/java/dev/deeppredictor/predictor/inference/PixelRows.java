package dev.deeppredictor.predictor.inference;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Reads an image of any kind row by row as values 0..255 in the model's channel order
 * (grayscale, rgb or bgr), with transparency already composited over a background value.
 *
 * <p>Grayscale images are read from their raster: {@link BufferedImage#getRGB} treats their gray
 * as linear light and gamma-encodes it (128 becomes 188), while the file's values are what
 * training pipelines such as PIL and torchvision see. Everything else (RGB, palette, 16-bit RGB,
 * ...) goes through {@code getRGB}, which converts any colour model to 8-bit sRGB, except the
 * common case of 8-bit sRGB samples interleaved in bytes (what the JPEG, PNG and BMP readers give
 * for colour photos): those bytes are already what {@code getRGB} would answer, and reading them
 * directly saves the colour model's per-pixel conversion, most of the pre-processing's cost.
 */
final class PixelRows {

    // ITU-R 601-2 luma, the weights PIL and torchvision use to turn RGB into grayscale.
    private static final float RED = 0.299f;

    private static final float GREEN = 0.587f;

    private static final float BLUE = 0.114f;

    private final BufferedImage image;

    private final int channels;

    private final boolean bgr;

    private final float background;

    private final boolean grayRaster;

    private final int alphaBand;

    private final boolean premultiplied;

    private final float grayMax;

    private final float alphaMax;

    private final int[] samples;

    private final int[] alphas;

    /** The sRGB bytes read directly, or {@code null} when the image goes through {@code getRGB}. */
    private final InterleavedBytes interleaved;

    PixelRows(BufferedImage image, String color, float background) {
        this(image, color, background, true);
    }

    /** @param direct whether 8-bit interleaved sRGB may be read from its bytes (false: always {@code getRGB}) */
    PixelRows(BufferedImage image, String color, float background, boolean direct) {
        this.image = image;
        this.channels = "grayscale".equals(color) ? 1 : 3;
        this.bgr = "bgr".equals(color);
        this.background = background;
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int dataType = raster.getSampleModel().getDataType();
        this.grayRaster = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(model instanceof IndexColorModel)
                && (dataType == DataBuffer.TYPE_BYTE || dataType == DataBuffer.TYPE_USHORT);
        this.alphaBand = (this.grayRaster && model.hasAlpha()) ? model.getNumColorComponents() : -1;
        this.premultiplied = model.isAlphaPremultiplied();
        this.grayMax = this.grayRaster ? maxValue(raster, 0) : 255f;
        this.alphaMax = this.alphaBand >= 0 ? maxValue(raster, this.alphaBand) : 255f;
        this.samples = new int[image.getWidth()];
        this.alphas = new int[image.getWidth()];
        this.interleaved = (direct && !this.grayRaster) ? InterleavedBytes.of(image) : null;
    }

    int channels() {
        return this.channels;
    }

    /** Whether the rows are read from the image's bytes rather than through {@code getRGB}. */
    boolean readsBytes() {
        return this.interleaved != null;
    }

    /** Fills {@code out} with row {@code y}: width x channels values, interleaved. */
    void read(int y, float[] out) {
        if (this.grayRaster) {
            readGray(y, out);
        }
        else {
            readRgb(y, out);
        }
    }

    private void readGray(int y, float[] out) {
        Raster raster = this.image.getRaster();
        int width = this.image.getWidth();
        raster.getSamples(0, y, width, 1, 0, this.samples);
        if (this.alphaBand >= 0) {
            raster.getSamples(0, y, width, 1, this.alphaBand, this.alphas);
        }
        for (int x = 0; x < width; x++) {
            float gray = this.samples[x] * 255f / this.grayMax;
            if (this.alphaBand >= 0) {
                float alpha = this.alphas[x] / this.alphaMax;
                gray = (this.premultiplied ? gray : gray * alpha) + (1 - alpha) * this.background;
            }
            for (int c = 0; c < this.channels; c++) {
                out[x * this.channels + c] = gray;
            }
        }
    }

    private void readRgb(int y, float[] out) {
        if (this.interleaved != null) {
            this.interleaved.read(y, out, this.channels, this.bgr, this.background);
            return;
        }
        int width = this.image.getWidth();
        // getRGB always answers non-premultiplied 8-bit ARGB, whatever the image stores.
        this.image.getRGB(0, y, width, 1, this.samples, 0, width);
        for (int x = 0; x < width; x++) {
            int argb = this.samples[x];
            float alpha = (argb >>> 24) / 255f;
            float under = (1 - alpha) * this.background;
            float r = ((argb >> 16) & 0xff) * alpha + under;
            float g = ((argb >> 8) & 0xff) * alpha + under;
            float b = (argb & 0xff) * alpha + under;
            if (this.channels == 1) {
                out[x] = RED * r + GREEN * g + BLUE * b;
            }
            else {
                out[x * 3] = this.bgr ? b : r;
                out[x * 3 + 1] = g;
                out[x * 3 + 2] = this.bgr ? r : b;
            }
        }
    }

    private static float maxValue(Raster raster, int band) {
        return (1 << raster.getSampleModel().getSampleSize(band)) - 1;
    }

    /**
     * An image whose pixels are 8-bit sRGB components interleaved in one byte array (3 bands, or 4
     * with non-premultiplied alpha): {@code getRGB} answers exactly these bytes.
     */
    private record InterleavedBytes(byte[] data, int origin, int scanline, int pixel, int red, int green, int blue,
            int alpha, int width) {

        static InterleavedBytes of(BufferedImage image) {
            ColorModel model = image.getColorModel();
            Raster raster = image.getRaster();
            if (!(model instanceof ComponentColorModel) || !model.getColorSpace().isCS_sRGB()
                    || model.isAlphaPremultiplied() || model.getTransferType() != DataBuffer.TYPE_BYTE
                    || !(raster.getSampleModel() instanceof ComponentSampleModel samples)
                    || !(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1) {
                return null;
            }
            int bands = samples.getNumBands();
            boolean alpha = model.hasAlpha();
            if (bands != (alpha ? 4 : 3) || model.getNumComponents() != bands) {
                return null;
            }
            for (int band = 0; band < bands; band++) {
                if (model.getComponentSize(band) != 8 || samples.getSampleSize(band) != 8
                        || samples.getBankIndices()[band] != 0) {
                    return null;
                }
            }
            int[] offsets = samples.getBandOffsets();
            int origin = buffer.getOffset() + samples.getOffset(-raster.getSampleModelTranslateX(),
                    -raster.getSampleModelTranslateY(), 0) - offsets[0];
            return new InterleavedBytes(buffer.getData(), origin, samples.getScanlineStride(),
                    samples.getPixelStride(), offsets[0], offsets[1], offsets[2], alpha ? offsets[3] : -1,
                    image.getWidth());
        }

        /** The same values as {@code readRgb} computes from {@code getRGB}, from the bytes directly. */
        void read(int y, float[] out, int channels, boolean bgr, float background) {
            int at = this.origin + y * this.scanline;
            for (int x = 0; x < this.width; x++, at += this.pixel) {
                float r = this.data[at + this.red] & 0xff;
                float g = this.data[at + this.green] & 0xff;
                float b = this.data[at + this.blue] & 0xff;
                if (this.alpha >= 0) {
                    float alpha = (this.data[at + this.alpha] & 0xff) / 255f;
                    float under = (1 - alpha) * background;
                    r = r * alpha + under;
                    g = g * alpha + under;
                    b = b * alpha + under;
                }
                if (channels == 1) {
                    out[x] = RED * r + GREEN * g + BLUE * b;
                }
                else {
                    int o = x * 3;
                    out[o] = bgr ? b : r;
                    out[o + 1] = g;
                    out[o + 2] = bgr ? r : b;
                }
            }
        }

    }

}
