package dev.deeppredictor.predictor.inference;

import java.util.List;

import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Translator;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.model.definition.Preprocessing;

/**
 * Picks the translator for a model's task. Every translator takes the float array made by
 * {@link ImagePreprocessor} and returns the predictions of one image, so the rest of the
 * predictor does not depend on the task.
 */
public final class Translators {

    private Translators() {
    }

    /**
     * @throws UnsupportedOperationException for a task this predictor cannot serve yet
     */
    public static Translator<float[], List<Prediction>> forModel(ModelDefinition definition) {
        Shape input = inputShape(definition.preprocessing());
        return switch (definition.task()) {
            case classification -> new ClassificationTranslator(input, definition.topK(), definition.labels(),
                    definition.softmax());
            case detection -> detection(definition, input);
        };
    }

    private static Translator<float[], List<Prediction>> detection(ModelDefinition definition, Shape input) {
        return switch (String.valueOf(definition.decoder())) {
            case "blazeface" -> blazeFace(definition, input);
            case "ssd" -> ssd(definition, input);
            default -> throw new UnsupportedOperationException("detection decoder '" + definition.decoder()
                    + "' is not supported yet");
        };
    }

    private static Translator<float[], List<Prediction>> blazeFace(ModelDefinition definition, Shape input) {
        Preprocessing pre = definition.preprocessing();
        if (pre.width() != pre.height() || !"NHWC".equals(pre.layout()) || pre.channels() != 3) {
            throw new UnsupportedOperationException("the blazeface decoder needs a square NHWC rgb input, not "
                    + pre.width() + "x" + pre.height() + " " + pre.layout() + " " + pre.color());
        }
        // BlazeFace front (128 px): feature layers of stride 8, 16, 16, 16 -> 896 anchors.
        AnchorGrid anchors = AnchorGrid.ssd(pre.width(), 8, 16, 16, 16);
        return new BlazeFaceTranslator(input,
                new BlazeFaceDecoder(anchors, pre.width(), definition.detection(), definition.labels().get(0)));
    }

    private static Translator<float[], List<Prediction>> ssd(ModelDefinition definition, Shape input) {
        Preprocessing pre = definition.preprocessing();
        // The graph wants raw uint8 pixels: anything but 0..255 values in NHWC rgb would be garbled.
        boolean rawPixels = pre.scale() == 1.0 && !pre.invert() && pre.mean().stream().allMatch((m) -> m == 0.0)
                && pre.std().stream().allMatch((s) -> s == 1.0);
        if (!"NHWC".equals(pre.layout()) || !"rgb".equals(pre.color()) || !rawPixels) {
            throw new UnsupportedOperationException("the ssd decoder needs NHWC rgb input of raw 0..255 pixels "
                    + "(scale 1, no mean, std or invert), not " + pre.layout() + " " + pre.color() + " scale "
                    + pre.scale());
        }
        return new SsdTranslator(input, new SsdDecoder(definition.labels(), definition.detection()));
    }

    /** The shape of one image's tensor, without the batch dimension. */
    static Shape inputShape(Preprocessing pre) {
        return "NHWC".equals(pre.layout()) ? new Shape(pre.height(), pre.width(), pre.channels())
                : new Shape(pre.channels(), pre.height(), pre.width());
    }

}
