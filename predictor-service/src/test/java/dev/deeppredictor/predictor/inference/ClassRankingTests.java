package dev.deeppredictor.predictor.inference;

import java.util.List;

import dev.deeppredictor.model.Prediction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClassRankingTests {

    private static final List<String> LABELS = List.of("a", "b", "c");

    @Test
    void logitsGoThroughSoftmax() {
        List<Prediction> top = ClassRanking.top(new float[] { 0f, (float) Math.log(3), 0f }, 2, LABELS, true);
        assertThat(top).containsExactly(Prediction.classification(1, "b", 0.6), Prediction.classification(0, "a", 0.2));
    }

    @Test
    void probabilitiesAreRankedAsTheyAre() {
        List<Prediction> top = ClassRanking.top(new float[] { 0.1f, 0.7f, 0.2f }, 2, LABELS, false);
        assertThat(top).containsExactly(Prediction.classification(1, "b", 0.7), Prediction.classification(2, "c", 0.2));
    }

}
