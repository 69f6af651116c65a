package dev.deeppredictor.model.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCatalogTests {

    private static final String VALID = """
            name: shoes
            engine: PyTorch
            artifact: artifacts/shoes.pt
            task: classification
            preprocessing:
              width: 28
              height: 28
              color: grayscale
            labels: [sneaker, boot]
            """;

    @TempDir
    Path config;

    @BeforeEach
    void artifact() throws IOException {
        Files.createDirectories(this.config.resolve("models"));
        Files.createDirectories(this.config.resolve("artifacts"));
        Files.write(this.config.resolve("artifacts/shoes.pt"), new byte[] { 1 });
    }

    @Test
    void fillsDefaultsOfAMinimalModel() throws IOException {
        write("shoes.yml", VALID);
        ModelCatalog catalog = ModelCatalog.load(this.config);
        assertThat(catalog.errors()).isEmpty();
        ModelDefinition model = catalog.find("shoes").orElseThrow();
        assertThat(model.frontendName()).isEqualTo("shoes");
        assertThat(model.topK()).isEqualTo(2);
        assertThat(model.batch()).isEqualTo(new Batching(1, 0));
        assertThat(model.concurrency()).isEqualTo(1);
        assertThat(model.imageAction()).isEqualTo(ModelDefinition.ImageAction.keep);
        assertThat(model.preprocessing().mean()).containsExactly(0.0);
        assertThat(model.preprocessing().std()).containsExactly(1.0);
        assertThat(model.preprocessing().scale()).isEqualTo(1.0 / 255.0);
        assertThat(model.preprocessing().layout()).isEqualTo("NCHW");
        assertThat(model.artifact()).isEqualTo(this.config.resolve("artifacts/shoes.pt").toAbsolutePath().toString());
        assertThat(model.detection()).isEqualTo(new ModelDefinition.Detection(0.5, 0.45, 100));
        assertThat(model.decoder()).isNull();
    }

    @Test
    void detectionSettingsAreReadWithDefaultsForWhatIsAbsent() throws IOException {
        write("shoes.yml", VALID.replace("task: classification", "task: detection\ndecoder: blazeface")
                + "detection:\n  score-threshold: 0.75\n  max-boxes: 10\n");
        ModelCatalog catalog = ModelCatalog.load(this.config);
        assertThat(catalog.errors()).isEmpty();
        ModelDefinition model = catalog.find("shoes").orElseThrow();
        assertThat(model.decoder()).isEqualTo("blazeface");
        assertThat(model.detection()).isEqualTo(new ModelDefinition.Detection(0.75, 0.45, 10));
    }

    @Test
    void detectionSettingsOutOfRangeAndUnknownDecodersAreRejected() throws IOException {
        String detector = VALID.replace("task: classification", "task: detection\ndecoder: blazeface");
        write("score.yml", detector.replace("name: shoes", "name: score") + "detection: {score-threshold: 1.5}\n");
        write("iou.yml", detector.replace("name: shoes", "name: iou") + "detection: {iou-threshold: -0.1}\n");
        write("boxes.yml", detector.replace("name: shoes", "name: boxes") + "detection: {max-boxes: 5000}\n");
        write("unknown.yml", detector.replace("name: shoes", "name: unknown").replace("blazeface", "yolo"));
        write("none.yml", detector.replace("name: shoes", "name: none").replace("decoder: blazeface", ""));
        ModelCatalog catalog = ModelCatalog.load(this.config);
        assertThat(catalog.models()).isEmpty();
        assertThat(catalog.errors()).hasSize(5)
            .anySatisfy((error) -> assertThat(error).startsWith("score.yml").contains("detection.score-threshold"))
            .anySatisfy((error) -> assertThat(error).startsWith("iou.yml").contains("detection.iou-threshold"))
            .anySatisfy((error) -> assertThat(error).startsWith("boxes.yml").contains("detection.max-boxes"))
            .anySatisfy((error) -> assertThat(error).startsWith("unknown.yml").contains("decoder").contains("blazeface"))
            .anySatisfy((error) -> assertThat(error).startsWith("none.yml").contains("decoder").contains("required"));
    }

    @Test
    void aBrokenFileIsReportedWithItsFieldAndTheOthersStillLoad() throws IOException {
        write("shoes.yml", VALID);
        write("broken.yml", VALID.replace("name: shoes", "name: broken").replace("width: 28", "width: -1"));
        write("typo.yml", VALID.replace("name: shoes", "name: typo").replace("labels:", "lables:"));
        write("missing.yml", VALID.replace("name: shoes", "name: missing").replace("shoes.pt", "nowhere.pt"));
        write("caffe.yml", VALID.replace("name: shoes", "name: caffe").replace("engine: PyTorch", "engine: Caffe"));
        write("layout.yml", VALID.replace("name: shoes", "name: layout").replace("width: 28", "width: wide"));
        ModelCatalog catalog = ModelCatalog.load(this.config);
        assertThat(catalog.models()).extracting(ModelDefinition::name).containsExactly("shoes");
        assertThat(catalog.errors()).hasSize(5)
            .anySatisfy((error) -> assertThat(error).startsWith("caffe.yml: engine: ").contains("Caffe"))
            .anySatisfy((error) -> assertThat(error).startsWith("layout.yml: preprocessing.width: "))
            .anySatisfy((error) -> assertThat(error).startsWith("broken.yml").contains("preprocessing.width"))
            .anySatisfy((error) -> assertThat(error).startsWith("typo.yml").contains("lables"))
            .anySatisfy((error) -> assertThat(error).startsWith("missing.yml").contains("artifact").contains("nowhere.pt"));
    }

    @Test
    void softmaxIsOnUnlessTheModelGivesProbabilities() throws IOException {
        write("shoes.yml", VALID);
        write("probabilities.yml", VALID.replace("name: shoes", "name: probabilities") + "softmax: false\n");
        ModelCatalog catalog = ModelCatalog.load(this.config);
        assertThat(catalog.find("shoes").orElseThrow().softmax()).isTrue();
        assertThat(catalog.find("probabilities").orElseThrow().softmax()).isFalse();
    }

    @Test
    void aDuplicateNameIsRejected() throws IOException {
        write("a.yml", VALID);
        write("b.yml", VALID);
        ModelCatalog catalog = ModelCatalog.load(this.config);
        assertThat(catalog.models()).hasSize(1);
        assertThat(catalog.errors()).singleElement().asString().startsWith("b.yml").contains("already defined");
    }

    @Test
    void channelStatisticsMustMatchTheColour() throws IOException {
        write("shoes.yml", VALID.replace("color: grayscale", "color: rgb\n  mean: [0.5]"));
        assertThat(ModelCatalog.load(this.config).errors()).singleElement().asString().contains("preprocessing.mean");
    }

    @Test
    void theProjectsOwnModelFilesAreValid() {
        Path projectConfig = Path.of(System.getProperty("deep-predictor.root", ".."), "config");
        ModelCatalog catalog = ModelCatalog.load(projectConfig);
        // faces' and common-objects' artifacts are not committed: infra/models/prepare.sh makes them (infra/test.sh runs it).
        assertThat(catalog.errors()).as("model files of config/ (run infra/models/prepare.sh first)").isEmpty();
        assertThat(catalog.models()).extracting(ModelDefinition::name).contains("fashion", "faces", "common-objects");
    }

    private void write(String name, String yaml) throws IOException {
        Files.writeString(this.config.resolve("models").resolve(name), yaml);
    }

}
