package dev.deeppredictor.model;

import java.util.Comparator;
import java.util.List;

/**
 * What one image was found to be, in one word: the class of its most confident prediction, or
 * {@value #NOT_CONFIDENT} when nothing reached the model's confidence threshold (a classifier
 * unsure of every class, a detector that found nothing). Saved images are filed under it, as the
 * seed filed them in folders by most confident class.
 */
public final class ImageLabel {

    /** The label of an image no prediction is confident enough about. */
    public static final String NOT_CONFIDENT = "not-confident";

    private ImageLabel() {
    }

    /** The label of an image with these predictions under a model whose threshold is {@code threshold}. */
    public static String of(List<Prediction> predictions, double threshold) {
        return predictions.stream()
            .max(Comparator.comparingDouble(Prediction::confidence))
            .filter((best) -> best.confidence() >= threshold)
            .map(Prediction::className)
            .orElse(NOT_CONFIDENT);
    }

    /**
     * The label as one safe path segment of an object key: anything but letters, digits, dot,
     * dash and underscore becomes an underscore ("T-shirt/top" becomes "T-shirt_top"), and a label
     * of only dots cannot climb out of its folder.
     */
    public static String folder(String label) {
        String safe = label.replaceAll("[^A-Za-z0-9._-]", "_");
        return (safe.isEmpty() || safe.chars().allMatch((c) -> c == '.')) ? "_" + safe : safe;
    }

}
