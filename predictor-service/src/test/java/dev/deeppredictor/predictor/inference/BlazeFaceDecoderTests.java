package dev.deeppredictor.predictor.inference;

import java.util.Arrays;
import java.util.List;

import dev.deeppredictor.model.BoundingBox;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** Synthetic raw outputs on the real 896-anchor grid of the 128-pixel front model. */
class BlazeFaceDecoderTests {

    private static final int ANCHORS = 896;

    private final BlazeFaceDecoder decoder = new BlazeFaceDecoder(AnchorGrid.ssd(128, 8, 16, 16, 16), 128,
            new ModelDefinition.Detection(0.75, 0.3, 20), "face");

    private final float[] logits = new float[ANCHORS];

    private final float[] regressions = new float[ANCHORS * 16];

    BlazeFaceDecoderTests() {
        Arrays.fill(this.logits, -10f);
    }

    @Test
    void nothingAboveTheThresholdMeansNoFace() {
        this.logits[100] = 1.0f; // sigmoid 0.731 < 0.75

        assertThat(this.decoder.decode(this.logits, this.regressions)).isEmpty();
    }

    @Test
    void decodesOffsetsFromTheAnchorInInputPixels() {
        // Fine grid cell x=4, y=5: anchor centre (4.5 / 16, 5.5 / 16) = (0.28125, 0.34375).
        int anchor = (5 * 16 + 4) * 2;
        this.logits[anchor] = 2f;
        raw(anchor, 6.4f, -3.2f, 25.6f, 32f);

        List<Prediction> faces = this.decoder.decode(this.logits, this.regressions);

        // sigmoid(2) = 0.880797; offsets / 128 = (0.05, -0.025), size / 128 = (0.2, 0.25).
        assertThat(faces).containsExactly(
                Prediction.detection("face", 0.8808, new BoundingBox(0.33125, 0.31875, 0.2, 0.25)));
    }

    @Test
    void overlappingAnchorsOfOneFaceGiveOneBoxAndSeparateFacesStay() {
        int fine = (5 * 16 + 4) * 2;
        this.logits[fine] = 2f;
        raw(fine, 0, 0, 25.6f, 25.6f);
        this.logits[fine + 1] = 2.5f; // the cell's second anchor, nearly the same box, more confident
        raw(fine + 1, 1f, 0, 25.6f, 25.6f);
        int coarse = 512 + (6 * 8 + 6) * 6; // coarse cell x=6, y=6: centre (0.8125, 0.8125)
        this.logits[coarse] = 3f;
        raw(coarse, 0, 0, 12.8f, 12.8f);

        List<Prediction> faces = this.decoder.decode(this.logits, this.regressions);

        assertThat(faces).extracting(Prediction::confidence).containsExactly(0.95257, 0.92414);
        assertThat(faces.get(0).bbox()).isEqualTo(new BoundingBox(0.8125, 0.8125, 0.1, 0.1));
        assertThat(faces.get(1).bbox().cx()).isCloseTo(0.28125 + 1 / 128.0, within(1e-5));
    }

    @Test
    void aBoxReachingPastTheImageIsClampedToIt() {
        this.logits[0] = 4f; // anchor centre (0.03125, 0.03125)
        raw(0, -2f, 0, 25.6f, 12.8f); // centre x 0.015625, w 0.2: left edge at -0.084375

        BoundingBox box = this.decoder.decode(this.logits, this.regressions).get(0).bbox();

        // Left 0 (clamped), right 0.115625; top 0 (clamped), bottom 0.08125.
        assertThat(box.cx()).isCloseTo(0.05781, within(1e-5));
        assertThat(box.w()).isCloseTo(0.11563, within(1e-5));
        assertThat(box.cy()).isCloseTo(0.04063, within(1e-5));
        assertThat(box.h()).isCloseTo(0.08125, within(1e-5));
    }

    @Test
    void refusesOutputsOfTheWrongSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.decoder.decode(new float[10], new float[160]))
            .withMessageContaining("896");
        assertThatIllegalArgumentException().isThrownBy(() -> this.decoder.decode(this.logits, new float[ANCHORS]));
    }

    @Test
    void sigmoidDoesNotOverflow() {
        assertThat(BlazeFaceDecoder.sigmoid(-1000)).isZero();
        assertThat(BlazeFaceDecoder.sigmoid(1000)).isEqualTo(1.0);
        assertThat(BlazeFaceDecoder.sigmoid(0)).isEqualTo(0.5);
    }

    private void raw(int anchor, float x, float y, float w, float h) {
        int r = anchor * 16;
        this.regressions[r] = x;
        this.regressions[r + 1] = y;
        this.regressions[r + 2] = w;
        this.regressions[r + 3] = h;
    }

}
