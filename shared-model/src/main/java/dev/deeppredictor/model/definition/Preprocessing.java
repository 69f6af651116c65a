package dev.deeppredictor.model.definition;

import java.util.List;

/**
 * How an uploaded image becomes a model's input tensor.
 *
 * @param width input width in pixels
 * @param height input height in pixels
 * @param color {@code grayscale} (one channel) or {@code rgb} / {@code bgr} (three channels in that order)
 * @param invert whether pixel values are inverted (255 - v) before scaling, for models trained on
 *     light-on-dark images
 * @param scale factor applied to 0..255 pixel values before normalisation (e.g. 1/255)
 * @param mean per-channel mean subtracted after scaling
 * @param std per-channel standard deviation divided after subtracting the mean
 * @param layout {@code NCHW} or {@code NHWC}
 */
public record Preprocessing(int width, int height, String color, boolean invert, double scale,
        List<Double> mean, List<Double> std, String layout) {

    /** Number of colour channels of the input. */
    public int channels() {
        return "grayscale".equals(color) ? 1 : 3;
    }

}
