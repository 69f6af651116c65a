package dev.deeppredictor.predictor.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression: a detector fires on several neighbouring anchors for one
 * object, so among boxes that overlap by more than a threshold only the most confident is kept.
 */
final class NonMaxSuppression {

    private NonMaxSuppression() {
    }

    /** A candidate box: centre and size as fractions of the image, with its confidence. */
    record Box(double score, double cx, double cy, double w, double h) {

        double area() {
            return Math.max(0, this.w) * Math.max(0, this.h);
        }

        /** Intersection over union; 0 when either box is empty. */
        double iou(Box other) {
            double left = Math.max(this.cx - this.w / 2, other.cx - other.w / 2);
            double right = Math.min(this.cx + this.w / 2, other.cx + other.w / 2);
            double top = Math.max(this.cy - this.h / 2, other.cy - other.h / 2);
            double bottom = Math.min(this.cy + this.h / 2, other.cy + other.h / 2);
            double inter = Math.max(0, right - left) * Math.max(0, bottom - top);
            double union = area() + other.area() - inter;
            return union <= 0 ? 0 : inter / union;
        }

    }

    /**
     * @return at most {@code maxBoxes} boxes, most confident first, none overlapping a kept one by
     *     more than {@code iouThreshold}
     */
    static List<Box> select(List<Box> candidates, double iouThreshold, int maxBoxes) {
        List<Box> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Box::score).reversed());
        List<Box> kept = new ArrayList<>();
        for (Box box : sorted) {
            if (kept.size() >= maxBoxes) {
                break;
            }
            if (kept.stream().noneMatch((k) -> k.iou(box) > iouThreshold)) {
                kept.add(box);
            }
        }
        return kept;
    }

}
