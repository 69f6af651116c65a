package dev.deeppredictor.predictor.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.deeppredictor.model.BoundingBox;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelDefinition;

/**
 * Turns the outputs of an SSD graph that already decodes its boxes (such as the TF Object
 * Detection API export behind {@code common-objects}) into labelled boxes. Per anchor the model
 * gives one score per class, already through a sigmoid, and one box {@code [ymin, xmin, ymax, xmax]}
 * as fractions of the image. Because pre-processing stretches the whole image onto the input, the
 * fractions hold for the original image as well.
 *
 * <p>Suppression runs per class so that a cat sitting in a chair keeps both boxes; the classes are
 * then merged by confidence and cut to {@code max-boxes}. Labels named {@code N/A} are ids the
 * training set does not use and are never reported.
 */
final class SsdDecoder {

    /** The label of an output column that names no class. */
    static final String UNUSED_LABEL = "N/A";

    private final List<String> labels;

    private final ModelDefinition.Detection settings;

    SsdDecoder(List<String> labels, ModelDefinition.Detection settings) {
        this.labels = List.copyOf(labels);
        this.settings = settings;
    }

    int classCount() {
        return this.labels.size();
    }

    /**
     * @param scores anchors x classes, anchor after anchor
     * @param boxes anchors x 4 ({@code ymin, xmin, ymax, xmax}), anchor after anchor
     * @return the objects, most confident first
     */
    List<Prediction> decode(float[] scores, float[] boxes) {
        int classes = this.labels.size();
        int anchors = boxes.length / 4;
        if (boxes.length % 4 != 0 || scores.length != anchors * classes) {
            throw new IllegalArgumentException("expected " + classes + " scores per box, got " + scores.length
                    + " scores for " + boxes.length + " box values");
        }
        List<Labelled> found = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            if (UNUSED_LABEL.equals(this.labels.get(c))) {
                continue;
            }
            List<NonMaxSuppression.Box> candidates = new ArrayList<>();
            for (int a = 0; a < anchors; a++) {
                float score = scores[a * classes + c];
                if (score >= this.settings.scoreThreshold()) {
                    candidates.add(box(score, boxes, a * 4));
                }
            }
            for (NonMaxSuppression.Box box : NonMaxSuppression.select(candidates, this.settings.iouThreshold(),
                    this.settings.maxBoxes())) {
                found.add(new Labelled(this.labels.get(c), box));
            }
        }
        found.sort(Comparator.comparingDouble((Labelled l) -> l.box().score()).reversed());
        List<Prediction> objects = new ArrayList<>();
        for (Labelled labelled : found.subList(0, Math.min(found.size(), this.settings.maxBoxes()))) {
            NonMaxSuppression.Box box = labelled.box();
            objects.add(Prediction.detection(labelled.label(), round5(box.score()),
                    new BoundingBox(round5(box.cx()), round5(box.cy()), round5(box.w()), round5(box.h()))));
        }
        return objects;
    }

    /** Corners to centre and size; an object at the border may reach past it, so clamp first. */
    private static NonMaxSuppression.Box box(double score, float[] boxes, int at) {
        double top = clamp(boxes[at]);
        double left = clamp(boxes[at + 1]);
        double bottom = clamp(boxes[at + 2]);
        double right = clamp(boxes[at + 3]);
        return new NonMaxSuppression.Box(score, (left + right) / 2, (top + bottom) / 2, Math.max(0, right - left),
                Math.max(0, bottom - top));
    }

    private static double clamp(double value) {
        return Math.min(1, Math.max(0, value));
    }

    private static double round5(double value) {
        return Math.round(value * 100_000d) / 100_000d;
    }

    private record Labelled(String label, NonMaxSuppression.Box box) {
    }

}
