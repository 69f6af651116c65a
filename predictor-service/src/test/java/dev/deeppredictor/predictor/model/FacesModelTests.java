package dev.deeppredictor.predictor.model;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.deeppredictor.model.BoundingBox;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelCatalog;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.predictor.FaceFixtures;
import dev.deeppredictor.predictor.inference.ImageDecoder;
import dev.deeppredictor.predictor.inference.ImagePreprocessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The real BlazeFace ONNX file on DJL's ONNX Runtime engine, loaded from config/models/faces.yml
 * as the predictor loads it, with the production decoding and pre-processing.
 */
class FacesModelTests {

    private static final Logger log = LoggerFactory.getLogger(FacesModelTests.class);

    private static LoadedModel faces;

    @BeforeAll
    static void load() throws Exception {
        Path config = FaceFixtures.preparedConfig();
        ModelDefinition definition = ModelCatalog.read(config.resolve("models/faces.yml"), config);
        faces = new ModelLoader().load(definition);
    }

    @AfterAll
    static void close() {
        if (faces != null) {
            faces.close();
        }
    }

    @Test
    void findsTheAstronautsFace() throws Exception {
        List<Prediction> found = predict("astronaut.png").get(0);

        assertThat(found).singleElement().satisfies((face) -> {
            assertThat(face.className()).isEqualTo("face");
            assertThat(face.classIndex()).isNull();
            assertThat(face.confidence()).isGreaterThan(0.8).isLessThanOrEqualTo(1.0);
            BoundingBox box = face.bbox();
            // Eileen Collins' face: upper half, a little right of the middle of the 512x512 portrait.
            assertThat(box.cy()).isBetween(0.1, 0.5);
            assertThat(box.cx()).isBetween(0.33, 0.67);
            assertThat(box.w()).isBetween(0.1, 0.4);
            assertThat(box.h()).isBetween(0.1, 0.4);
        });
        assertThat(faces.modelInfo().predictorBackend()).isEqualTo("onnxruntime");
    }

    /**
     * Checks the decoding's offsets and scale on both axes: a 256-pixel crop from (100, 0) shows the
     * same face twice as large, moved left, so its box must follow.
     */
    @Test
    void aCropMovesAndScalesTheBoxAccordingly() throws Exception {
        BufferedImage whole = new ImageDecoder(40_000_000).decode(FaceFixtures.photo("astronaut.png"));
        BoundingBox full = predict(List.of(whole)).get(0).get(0).bbox();

        BoundingBox cropped = predict(List.of(whole.getSubimage(100, 0, 256, 256))).get(0).get(0).bbox();

        assertThat(cropped.cx()).isCloseTo((full.cx() * 512 - 100) / 256, within(0.03));
        assertThat(cropped.cy()).isCloseTo(full.cy() * 2, within(0.03));
        assertThat(cropped.w()).isCloseTo(full.w() * 2, within(0.06));
        assertThat(cropped.h()).isCloseTo(full.h() * 2, within(0.06));
    }

    @Test
    void findsNoFaceOnACatOrACup() throws Exception {
        List<List<Prediction>> found = predict("chelsea.png", "coffee.png");

        assertThat(found).containsExactly(List.of(), List.of());
    }

    @Test
    void aBatchRunsImageByImageWithResultsInInputOrder() throws Exception {
        List<List<Prediction>> found = predict("chelsea.png", "astronaut.png", "coffee.png", "astronaut.png");

        assertThat(found.get(0)).isEmpty();
        assertThat(found.get(1)).hasSize(1);
        assertThat(found.get(2)).isEmpty();
        assertThat(found.get(3)).isEqualTo(found.get(1));
    }

    private static List<List<Prediction>> predict(String... photos) throws Exception {
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        List<BufferedImage> images = new ArrayList<>();
        for (String photo : photos) {
            images.add(decoder.decode(FaceFixtures.photo(photo)));
        }
        return predict(images);
    }

    private static List<List<Prediction>> predict(List<BufferedImage> images) throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor();
        List<float[]> inputs = new ArrayList<>();
        for (BufferedImage image : images) {
            inputs.add(preprocessor.toInput(image, faces.definition().preprocessing()));
        }
        long start = System.nanoTime();
        List<List<Prediction>> found = faces.predict(inputs);
        log.info("event=faces_predicted images={} engine_ms_per_image={} predictions={}", images.size(),
                String.format("%.1f", (System.nanoTime() - start) / 1_000_000.0 / images.size()), found);
        return found;
    }

}
