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
            case classification -> new ClassificationTranslator(input, definition.topK(), definition.labels());
            case detection -> detection(definition, input);
        };
    }

    private static Translator<float[], List<Prediction>> detection(ModelDefinition definition, Shape input) {
        Preprocessing pre = definition.preprocessing();
        if (!"blazeface".equals(definition.decoder())) {
            throw new UnsupportedOperationException("detection decoder '" + definition.decoder()
                    + "' is not supported yet");
        }
        if (pre.width() != pre.height() || !"NHWC".equals(pre.layout()) || pre.channels() != 3) {
            throw new UnsupportedOperationException("the blazeface decoder needs a square NHWC rgb input, not "
                    + pre.width() + "x" + pre.height() + " " + pre.layout() + " " + pre.color());
        }
        // BlazeFace front (128 px): feature layers of stride 8, 16, 16, 16 -> 896 anchors.
        AnchorGrid anchors = AnchorGrid.ssd(pre.width(), 8, 16, 16, 16);
        return new BlazeFaceTranslator(input,
                new BlazeFaceDecoder(anchors, pre.width(), definition.detection(), definition.labels().get(0)));
    }

    /** The shape of one image's tensor, without the batch dimension. */
    static Shape inputShape(Preprocessing pre) {
        return "NHWC".equals(pre.layout()) ? new Shape(pre.height(), pre.width(), pre.channels())
                : new Shape(pre.channels(), pre.height(), pre.width());
    }

}
