package dev.deeppredictor.predictor.inference;

import java.util.List;

import dev.deeppredictor.model.BoundingBox;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Synthetic outputs: 6 anchors, 3 classes of which the middle one is an unused id. */
class SsdDecoderTests {

    private static final int ANCHORS = 6;

    private static final List<String> LABELS = List.of("cat", "N/A", "cup");

    private final SsdDecoder decoder = new SsdDecoder(LABELS, new ModelDefinition.Detection(0.5, 0.5, 20));

    private final float[] scores = new float[ANCHORS * LABELS.size()];

    private final float[] boxes = new float[ANCHORS * 4];

    @Test
    void nothingAboveTheThresholdMeansNoObject() {
        score(0, "cat", 0.49f);
        box(0, 0.1f, 0.1f, 0.5f, 0.5f);

        assertThat(this.decoder.decode(this.scores, this.boxes)).isEmpty();
    }

    @Test
    void cornersInYxOrderBecomeCentreAndSize() {
        score(2, "cup", 0.9f);
        box(2, 0.1f, 0.2f, 0.5f, 0.8f); // ymin, xmin, ymax, xmax

        assertThat(this.decoder.decode(this.scores, this.boxes))
            .containsExactly(Prediction.detection("cup", 0.9, new BoundingBox(0.5, 0.3, 0.6, 0.4)));
    }

    @Test
    void overlappingBoxesOfOneClassGiveOneButOtherClassesKeepTheirs() {
        score(0, "cat", 0.8f);
        box(0, 0.1f, 0.1f, 0.9f, 0.9f);
        score(1, "cat", 0.95f); // nearly the same box, more confident: it wins
        box(1, 0.12f, 0.1f, 0.9f, 0.92f);
        score(0, "cup", 0.7f); // same place as the first cat, but another class: kept
        score(3, "cat", 0.6f); // a second cat elsewhere: kept
        box(3, 0.0f, 0.0f, 0.1f, 0.1f);

        List<Prediction> found = this.decoder.decode(this.scores, this.boxes);

        assertThat(found).extracting(Prediction::className).containsExactly("cat", "cup", "cat");
        assertThat(found).extracting(Prediction::confidence).containsExactly(0.95, 0.7, 0.6);
    }

    @Test
    void unusedIdsAreNeverReported() {
        score(4, "N/A", 0.99f);
        box(4, 0.2f, 0.2f, 0.4f, 0.4f);

        assertThat(this.decoder.decode(this.scores, this.boxes)).isEmpty();
    }

    @Test
    void atMostMaxBoxesAcrossClassesMostConfidentFirst() {
        SsdDecoder two = new SsdDecoder(LABELS, new ModelDefinition.Detection(0.5, 0.5, 2));
        for (int a = 0; a < ANCHORS; a++) {
            score(a, a % 2 == 0 ? "cat" : "cup", 0.6f + a * 0.05f);
            box(a, a / 10f, 0, a / 10f + 0.05f, 0.05f); // small boxes apart from each other
        }

        assertThat(two.decode(this.scores, this.boxes)).extracting(Prediction::confidence).containsExactly(0.85, 0.8);
    }

    @Test
    void boxesReachingPastTheImageAreClampedAndRounded() {
        score(5, "cat", 0.876543f);
        box(5, -0.2f, 0.5f, 0.6f, 1.3f);

        assertThat(this.decoder.decode(this.scores, this.boxes))
            .containsExactly(Prediction.detection("cat", 0.87654, new BoundingBox(0.75, 0.3, 0.5, 0.6)));
    }

    @Test
    void outputsThatDoNotFitTheLabelsAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.decoder.decode(new float[ANCHORS * 2], this.boxes))
            .withMessageContaining("expected 3 scores per box");
    }

    private void score(int anchor, String label, float value) {
        this.scores[anchor * LABELS.size() + LABELS.indexOf(label)] = value;
    }

    private void box(int anchor, float ymin, float xmin, float ymax, float xmax) {
        System.arraycopy(new float[] { ymin, xmin, ymax, xmax }, 0, this.boxes, anchor * 4, 4);
    }

}
