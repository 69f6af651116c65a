package dev.deeppredictor.predictor.inference;

import java.util.List;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.Batching;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.model.definition.Preprocessing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Runs on the PyTorch engine's own arrays, as in production. */
class ClassificationTranslatorTests {

    private static final List<String> LABELS = List.of("cat", "dog", "bird", "fish");

    private static NDManager manager;

    private final ClassificationTranslator translator = new ClassificationTranslator(new Shape(1, 2, 2), 3, LABELS, true);

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void closeEngine() {
        manager.close();
    }

    @Test
    void topKBySoftmaxWithLabelsAndRoundedConfidences() throws Exception {
        NDList logits = new NDList(manager.create(new float[] { 1f, 3f, 0f, 2f }));

        List<Prediction> top = this.translator.processOutput(null, logits);

        // softmax(1, 3, 0, 2) = 0.08714, 0.64391, 0.03206, 0.23688
        assertThat(top).containsExactly(Prediction.classification(1, "dog", 0.64391),
                Prediction.classification(3, "fish", 0.23688), Prediction.classification(0, "cat", 0.08714));
    }

    @Test
    void largeLogitsDoNotOverflow() throws Exception {
        List<Prediction> top = this.translator.processOutput(null,
                new NDList(manager.create(new float[] { 1000f, 1000f, -1000f, 0f })));

        assertThat(top.get(0)).isEqualTo(Prediction.classification(0, "cat", 0.5));
        assertThat(top.get(1)).isEqualTo(Prediction.classification(1, "dog", 0.5));
    }

    @Test
    void refusesOutputThatDoesNotMatchTheLabels() {
        NDList fiveClasses = new NDList(manager.create(new float[5]));

        assertThatExceptionOfType(TranslateException.class)
            .isThrownBy(() -> this.translator.processOutput(null, fiveClasses))
            .withMessageContaining("4 labels");
    }

    @Test
    void inputIsShapedPerImageAndStackedIntoABatch() {
        TranslatorContext context = mock(TranslatorContext.class);
        given(context.getNDManager()).willReturn(manager);

        NDList first = this.translator.processInput(context, new float[] { 1, 2, 3, 4 });
        NDList second = this.translator.processInput(context, new float[] { 5, 6, 7, 8 });
        NDList batch = this.translator.getBatchifier().batchify(new NDList[] { first, second });

        assertThat(this.translator.getBatchifier()).isSameAs(Batchifier.STACK);
        assertThat(first.head().getShape()).isEqualTo(new Shape(1, 2, 2));
        assertThat(batch.head().getShape()).isEqualTo(new Shape(2, 1, 2, 2));
    }

    @Test
    void modelInputShapeFollowsTheLayout() {
        Preprocessing nchw = new Preprocessing(28, 24, "rgb", false, 1, List.of(0.0, 0.0, 0.0),
                List.of(1.0, 1.0, 1.0), "NCHW");
        Preprocessing nhwc = new Preprocessing(28, 24, "rgb", false, 1, List.of(0.0, 0.0, 0.0),
                List.of(1.0, 1.0, 1.0), "NHWC");

        assertThat(Translators.inputShape(nchw)).isEqualTo(new Shape(3, 24, 28));
        assertThat(Translators.inputShape(nhwc)).isEqualTo(new Shape(24, 28, 3));
    }

    @Test
    void detectionNeedsADecoderThisPredictorHas() {
        ModelDefinition detector = new ModelDefinition("boxes", "Boxes", "", "ssd-net", 1,
                ModelDefinition.Engine.PyTorch, "/m.pt", ModelDefinition.Task.detection,
                new Preprocessing(8, 8, "rgb", false, 1, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), "NCHW"),
                LABELS, 3, 0.5, new Batching(1, 0), 1, ModelDefinition.ImageAction.keep, false,
                new ModelDefinition.Detection(0.5, 0.45, 100), "ssd", true, null);

        assertThatExceptionOfType(UnsupportedOperationException.class)
            .isThrownBy(() -> Translators.forModel(detector))
            .withMessageContaining("ssd");
    }

}
