package dev.deeppredictor.model;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageLabelTests {

    @Test
    void theMostConfidentClassReachingTheThresholdIsTheLabel() {
        List<Prediction> predictions = List.of(Prediction.classification(3, "Dress", 0.2),
                Prediction.classification(9, "Ankle boot", 0.7), Prediction.classification(5, "Sandal", 0.1));
        assertThat(ImageLabel.of(predictions, 0.5)).isEqualTo("Ankle boot");
        assertThat(ImageLabel.of(predictions, 0.7)).isEqualTo("Ankle boot");
    }

    @Test
    void belowTheThresholdTheImageIsNotConfident() {
        List<Prediction> predictions = List.of(Prediction.classification(9, "Ankle boot", 0.49));
        assertThat(ImageLabel.of(predictions, 0.5)).isEqualTo(ImageLabel.NOT_CONFIDENT);
    }

    @Test
    void aDetectorThatFoundNothingIsNotConfident() {
        assertThat(ImageLabel.of(List.of(), 0)).isEqualTo("not-confident");
    }

    @Test
    void detectionsAreLabelledByTheirMostConfidentBoxWhateverTheirOrder() {
        BoundingBox box = new BoundingBox(0.5, 0.5, 0.2, 0.2);
        List<Prediction> boxes = List.of(Prediction.detection("dining table", 0.77, box),
                Prediction.detection("cup", 0.96, box));
        assertThat(ImageLabel.of(boxes, 0)).isEqualTo("cup");
    }

    @Test
    void foldersAreSinglePathSegments() {
        assertThat(ImageLabel.folder("T-shirt/top")).isEqualTo("T-shirt_top");
        assertThat(ImageLabel.folder("dining table")).isEqualTo("dining_table");
        assertThat(ImageLabel.folder("not-confident")).isEqualTo("not-confident");
        assertThat(ImageLabel.folder("..")).isEqualTo("_..");
        assertThat(ImageLabel.folder("../../etc")).isEqualTo(".._.._etc");
        assertThat(ImageLabel.folder("")).isEqualTo("_");
    }

}
