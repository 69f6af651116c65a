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

/**
 * The converted COCO SSDLite SavedModel on DJL's TensorFlow engine, loaded from
 * config/models/common-objects.yml as the predictor loads it, with the production decoding and
 * pre-processing.
 */
class CommonObjectsModelTests {

    private static final Logger log = LoggerFactory.getLogger(CommonObjectsModelTests.class);

    private static LoadedModel objects;

    @BeforeAll
    static void load() throws Exception {
        Path config = FaceFixtures.preparedConfig("artifacts/common-objects/ssdlite-mobilenet-v2/saved_model.pb");
        ModelDefinition definition = ModelCatalog.read(config.resolve("models/common-objects.yml"), config);
        long start = System.nanoTime();
        objects = new ModelLoader().load(definition);
        log.info("event=common_objects_loaded load_and_warmup_ms={}", (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void close() {
        if (objects != null) {
            objects.close();
        }
    }

    @Test
    void findsTheCat() throws Exception {
        List<Prediction> found = predict("chelsea.png").get(0);

        assertThat(found).isNotEmpty();
        Prediction top = found.get(0);
        assertThat(top.className()).isEqualTo("cat");
        assertThat(top.classIndex()).isNull();
        assertThat(top.confidence()).isGreaterThan(0.8).isLessThanOrEqualTo(1.0);
        // Chelsea fills most of the 451x300 photo.
        BoundingBox box = top.bbox();
        assertThat(box.cx()).isBetween(0.3, 0.7);
        assertThat(box.cy()).isBetween(0.3, 0.7);
        assertThat(box.w()).isBetween(0.4, 1.0);
        assertThat(box.h()).isBetween(0.6, 1.0);
        assertThat(objects.modelInfo().predictorBackend()).isEqualTo("tensorflow");
    }

    @Test
    void findsTheCup() throws Exception {
        List<Prediction> found = predict("coffee.png").get(0);

        assertThat(found).isNotEmpty();
        assertThat(found.get(0).className()).isEqualTo("cup");
        assertThat(found.get(0).confidence()).isGreaterThan(0.8);
    }

    /**
     * Eileen Collins' square portrait: she fills its height, left of the flag on the right. A box
     * taller than wide and left of the middle shows that the model's y and x are not swapped.
     */
    @Test
    void findsTheAstronaut() throws Exception {
        List<Prediction> found = predict("astronaut.png").get(0);

        assertThat(found).filteredOn((p) -> "person".equals(p.className())).first().satisfies((person) -> {
            assertThat(person.confidence()).isGreaterThanOrEqualTo(0.5);
            assertThat(person.bbox().h()).isGreaterThan(person.bbox().w());
            assertThat(person.bbox().cx()).isLessThan(0.5);
        });
        assertThat(found).extracting(Prediction::className).doesNotContain("N/A");
    }

    @Test
    void aBatchGivesEachImageWhatItGetsAlone() throws Exception {
        List<List<Prediction>> found = predict("chelsea.png", "coffee.png", "astronaut.png", "chelsea.png");

        assertThat(found.get(0)).isEqualTo(predict("chelsea.png").get(0));
        assertThat(found.get(1)).isEqualTo(predict("coffee.png").get(0));
        assertThat(found.get(2)).isEqualTo(predict("astronaut.png").get(0));
        assertThat(found.get(3)).isEqualTo(found.get(0));
    }

    private static List<List<Prediction>> predict(String... photos) throws Exception {
        ImageDecoder decoder = new ImageDecoder(40_000_000);
        ImagePreprocessor preprocessor = new ImagePreprocessor();
        List<float[]> inputs = new ArrayList<>();
        for (String photo : photos) {
            BufferedImage image = decoder.decode(FaceFixtures.photo(photo));
            inputs.add(preprocessor.toInput(image, objects.definition().preprocessing()));
        }
        long start = System.nanoTime();
        List<List<Prediction>> found = objects.predict(inputs);
        log.info("event=common_objects_predicted photos={} engine_ms_per_image={} predictions={}", List.of(photos),
                String.format("%.1f", (System.nanoTime() - start) / 1_000_000.0 / photos.length), found);
        return found;
    }

}
