package dev.deeppredictor.predictor.inference;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
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

/** The translator around the decoder, with BlazeFace's four outputs made up on PyTorch arrays. */
class BlazeFaceTranslatorTests {

    private static NDManager manager;

    private final Translator<float[], List<Prediction>> translator = Translators.forModel(faces("blazeface"));

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void closeEngine() {
        manager.close();
    }

    @Test
    void detectionWithTheBlazefaceDecoderGetsThisTranslator() {
        assertThat(this.translator).isInstanceOf(BlazeFaceTranslator.class);
    }

    @Test
    void oneImageAtATimeWithTheBatchDimensionOfTheOnnxFile() throws Exception {
        TranslatorContext context = mock(TranslatorContext.class);
        given(context.getNDManager()).willReturn(manager);

        NDList input = this.translator.processInput(context, new float[128 * 128 * 3]);

        assertThat(input.head().getShape()).isEqualTo(new Shape(1, 128, 128, 3));
        assertThat(this.translator.getBatchifier()).isNull();
    }

    @Test
    void joinsTheGridsInTheModelsOrder() throws Exception {
        float[] fineScores = filled(512, -10f);
        float[] coarseScores = filled(384, -10f);
        coarseScores[0] = 3f; // first anchor of the coarse grid: centre (1 / 16, 1 / 16)
        float[] coarseBoxes = new float[384 * 16];
        coarseBoxes[2] = 12.8f;
        coarseBoxes[3] = 12.8f;
        NDList output = new NDList(array(fineScores, 512, 1), array(coarseScores, 384, 1),
                array(new float[512 * 16], 512, 16), array(coarseBoxes, 384, 16));

        List<Prediction> faces = this.translator.processOutput(null, output);

        assertThat(faces).singleElement()
            .extracting(Prediction::bbox)
            .satisfies((box) -> assertThat(box.cx()).isEqualTo(0.0625))
            .satisfies((box) -> assertThat(box.w()).isEqualTo(0.1));
    }

    @Test
    void refusesOutputsThatDoNotFitTheAnchors() {
        NDList tooFew = new NDList(array(new float[100], 100, 1), array(new float[1600], 100, 16));
        NDList strange = new NDList(array(new float[896 * 4], 896, 4));

        assertThatExceptionOfType(TranslateException.class)
            .isThrownBy(() -> this.translator.processOutput(null, tooFew))
            .withMessageContaining("896 anchors");
        assertThatExceptionOfType(TranslateException.class)
            .isThrownBy(() -> this.translator.processOutput(null, strange))
            .withMessageContaining("(1, 896, 4)");
    }

    @Test
    void otherDecodersAndLayoutsAreRefused() {
        ModelDefinition nchw = faces("blazeface");
        Preprocessing pre = nchw.preprocessing();
        ModelDefinition wrongLayout = new ModelDefinition(nchw.name(), nchw.frontendName(), "", nchw.method(), 1,
                nchw.engine(), nchw.artifact(), nchw.task(), new Preprocessing(pre.width(), pre.height(), "rgb",
                        false, pre.scale(), pre.mean(), pre.std(), "NCHW"),
                nchw.labels(), 1, 0, nchw.batch(), 1, nchw.imageAction(), false, nchw.detection(), "blazeface", true, null);

        assertThatExceptionOfType(UnsupportedOperationException.class)
            .isThrownBy(() -> Translators.forModel(faces("ssd")));
        assertThatExceptionOfType(UnsupportedOperationException.class)
            .isThrownBy(() -> Translators.forModel(wrongLayout))
            .withMessageContaining("NHWC");
    }

    private static ModelDefinition faces(String decoder) {
        return new ModelDefinition("faces", "Faces", "", "blazeface-front", 400, ModelDefinition.Engine.OnnxRuntime,
                "/faces.onnx", ModelDefinition.Task.detection,
                new Preprocessing(128, 128, "rgb", false, 1 / 127.5, List.of(1.0, 1.0, 1.0), List.of(1.0, 1.0, 1.0),
                        "NHWC"),
                List.of("face"), 1, 0, new Batching(8, 5), 1, ModelDefinition.ImageAction.keep, false,
                new ModelDefinition.Detection(0.75, 0.3, 20), decoder, true, null);
    }

    private static NDArray array(float[] values, int anchors, int perAnchor) {
        return manager.create(values, new Shape(1, anchors, perAnchor));
    }

    private static float[] filled(int length, float value) {
        float[] values = new float[length];
        java.util.Arrays.fill(values, value);
        return values;
    }

}
