package dev.deeppredictor.predictor.inference;

import java.util.List;

import dev.deeppredictor.predictor.inference.NonMaxSuppression.Box;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NonMaxSuppressionTests {

    @Test
    void intersectionOverUnion() {
        Box unit = new Box(1, 0.5, 0.5, 0.2, 0.2);
        Box halfRight = new Box(1, 0.6, 0.5, 0.2, 0.2);

        assertThat(unit.iou(unit)).isCloseTo(1.0, within(1e-9));
        // Overlap 0.1 x 0.2 = 0.02, union 0.04 + 0.04 - 0.02 = 0.06.
        assertThat(unit.iou(halfRight)).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(unit.iou(new Box(1, 0.9, 0.9, 0.1, 0.1))).isZero();
        assertThat(unit.iou(new Box(1, 0.5, 0.5, 0, 0))).isZero();
    }

    @Test
    void keepsTheMostConfidentOfOverlappingBoxesAndSeparateOnes() {
        Box face = new Box(0.9, 0.3, 0.3, 0.2, 0.2);
        Box sameFace = new Box(0.95, 0.31, 0.3, 0.2, 0.2);
        Box otherFace = new Box(0.8, 0.7, 0.7, 0.2, 0.2);

        assertThat(NonMaxSuppression.select(List.of(face, otherFace, sameFace), 0.3, 10))
            .containsExactly(sameFace, otherFace);
    }

    @Test
    void overlapUpToTheThresholdIsKept() {
        Box left = new Box(0.9, 0.5, 0.5, 0.2, 0.2);
        Box right = new Box(0.8, 0.6, 0.5, 0.2, 0.2); // IoU 1/3

        assertThat(NonMaxSuppression.select(List.of(left, right), 0.3, 10)).containsExactly(left);
        assertThat(NonMaxSuppression.select(List.of(left, right), 0.4, 10)).containsExactly(left, right);
    }

    @Test
    void returnsAtMostMaxBoxes() {
        List<Box> apart = List.of(new Box(0.5, 0.1, 0.1, 0.1, 0.1), new Box(0.7, 0.5, 0.5, 0.1, 0.1),
                new Box(0.6, 0.9, 0.9, 0.1, 0.1));

        assertThat(NonMaxSuppression.select(apart, 0.3, 2)).extracting(Box::score).containsExactly(0.7, 0.6);
        assertThat(NonMaxSuppression.select(List.of(), 0.3, 2)).isEmpty();
    }

}
