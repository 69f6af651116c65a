package dev.deeppredictor.predictor.inference;

import java.awt.image.BufferedImage;

import dev.deeppredictor.model.definition.Preprocessing;

/**
 * Turns a decoded image into a model's input as its definition's preprocessing describes: colour
 * conversion, transparency, resize, invert, scale, per-channel mean and std, then NCHW or NHWC.
 *
 * <p>The image is streamed one row at a time: each row is resized to the target width before the
 * next is read, so a 40-megapixel upload needs memory only for one source row and the small target.
 */
public final class ImagePreprocessor {

    /**
     * Transparent pixels are composited over the background the model saw in training, so that a
     * cut-out object looks like a training image. Grayscale models without inversion are the
     * MNIST family: light objects on black, hence black. Every other model gets white: photo
     * models conventionally flatten transparency to white, and a model that inverts expects
     * dark-on-light input whose white background inverts to its black training background.
     */
    static float background(Preprocessing pre) {
        return (pre.channels() == 1 && !pre.invert()) ? 0f : 255f;
    }

    /** @return channels x height x width values, in the definition's layout */
    public float[] toInput(BufferedImage image, Preprocessing pre) {
        PixelRows rows = new PixelRows(image, pre.color(), background(pre));
        int channels = rows.channels();
        int width = pre.width();
        int height = pre.height();
        Resampler horizontal = Resampler.between(image.getWidth(), width);
        Resampler vertical = Resampler.between(image.getHeight(), height);
        float[] sourceRow = new float[image.getWidth() * channels];
        float[] narrowRow = new float[width * channels];
        float[] resized = new float[height * width * channels];
        for (int y = 0; y < image.getHeight(); y++) {
            rows.read(y, sourceRow);
            horizontal.resize(sourceRow, narrowRow, channels);
            vertical.accumulate(y, narrowRow, resized, narrowRow.length);
        }
        return normalise(resized, pre);
    }

    /** {@code resized} is height x width x channels (interleaved) in 0..255. */
    private static float[] normalise(float[] resized, Preprocessing pre) {
        if (isIdentity(pre) && "NHWC".equals(pre.layout())) {
            // (value * 1 - 0) / 1 in double is the value itself: nothing to compute or reorder.
            return resized;
        }
        int channels = pre.channels();
        int plane = pre.width() * pre.height();
        boolean nchw = !"NHWC".equals(pre.layout());
        float[] out = new float[resized.length];
        for (int c = 0; c < channels; c++) {
            double mean = pre.mean().get(c);
            double std = pre.std().get(c);
            for (int p = 0; p < plane; p++) {
                double value = resized[p * channels + c];
                if (pre.invert()) {
                    value = 255 - value;
                }
                out[nchw ? c * plane + p : p * channels + c] = (float) ((value * pre.scale() - mean) / std);
            }
        }
        return out;
    }

    private static boolean isIdentity(Preprocessing pre) {
        if (pre.invert() || pre.scale() != 1.0) {
            return false;
        }
        for (int c = 0; c < pre.channels(); c++) {
            if (pre.mean().get(c) != 0.0 || pre.std().get(c) != 1.0) {
                return false;
            }
        }
        return true;
    }

}
