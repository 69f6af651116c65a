package dev.deeppredictor.predictor.inference;

import java.util.ArrayList;
import java.util.List;

import dev.deeppredictor.model.BoundingBox;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelDefinition;

/**
 * Turns BlazeFace's raw outputs into face boxes. Per anchor the model gives a score logit and 16
 * regression values: the box centre offset (x, y) and size (w, h) in input pixels, then six
 * keypoints (eyes, nose, mouth, ears) that are not reported. Coordinates are fractions of the
 * model input; because pre-processing stretches the whole image onto the input, they are
 * fractions of the original image too.
 */
final class BlazeFaceDecoder {

    /** Values per anchor in the regression output. */
    static final int VALUES_PER_ANCHOR = 16;

    private final AnchorGrid anchors;

    private final float inputSize;

    private final ModelDefinition.Detection settings;

    private final String label;

    BlazeFaceDecoder(AnchorGrid anchors, int inputSize, ModelDefinition.Detection settings, String label) {
        this.anchors = anchors;
        this.inputSize = inputSize;
        this.settings = settings;
        this.label = label;
    }

    int anchorCount() {
        return this.anchors.size();
    }

    /**
     * @param logits one score logit per anchor
     * @param regressions {@value #VALUES_PER_ANCHOR} values per anchor, anchor after anchor
     * @return the faces, most confident first
     */
    List<Prediction> decode(float[] logits, float[] regressions) {
        if (logits.length != this.anchors.size() || regressions.length != logits.length * VALUES_PER_ANCHOR) {
            throw new IllegalArgumentException("expected " + this.anchors.size() + " scores and "
                    + this.anchors.size() * VALUES_PER_ANCHOR + " regression values, got " + logits.length + " and "
                    + regressions.length);
        }
        List<NonMaxSuppression.Box> candidates = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            double score = sigmoid(logits[i]);
            if (score < this.settings.scoreThreshold()) {
                continue;
            }
            int r = i * VALUES_PER_ANCHOR;
            candidates.add(clamped(score, this.anchors.centreX(i) + regressions[r] / this.inputSize,
                    this.anchors.centreY(i) + regressions[r + 1] / this.inputSize,
                    regressions[r + 2] / this.inputSize, regressions[r + 3] / this.inputSize));
        }
        List<Prediction> faces = new ArrayList<>();
        for (NonMaxSuppression.Box box : NonMaxSuppression.select(candidates, this.settings.iouThreshold(),
                this.settings.maxBoxes())) {
            faces.add(Prediction.detection(this.label, round5(box.score()),
                    new BoundingBox(round5(box.cx()), round5(box.cy()), round5(box.w()), round5(box.h()))));
        }
        return faces;
    }

    /** A face at the border reaches past the image; the reported box is the part inside it. */
    private static NonMaxSuppression.Box clamped(double score, double cx, double cy, double w, double h) {
        double left = clamp(cx - w / 2);
        double right = clamp(cx + w / 2);
        double top = clamp(cy - h / 2);
        double bottom = clamp(cy + h / 2);
        return new NonMaxSuppression.Box(score, (left + right) / 2, (top + bottom) / 2, right - left, bottom - top);
    }

    private static double clamp(double value) {
        return Math.min(1, Math.max(0, value));
    }

    /** Written so that large negative logits give 0 rather than overflow to NaN. */
    static double sigmoid(double logit) {
        return logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
    }

    private static double round5(double value) {
        return Math.round(value * 100_000d) / 100_000d;
    }

}
