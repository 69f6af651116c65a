package dev.deeppredictor.predictor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelCatalog;
import dev.deeppredictor.predictor.inference.ModelRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class NoOpModelRegistryTests {

    @TempDir
    Path config;

    @Test
    void aNoOpModelIsServedWithoutAnArtifactBesideAModelThatFails() throws Exception {
        Files.createDirectories(this.config.resolve("models"));
        write("dummy.yml", "name: dummy\nengine: NoOp\nnoop: {class-name: ok}\n");
        // A real engine whose artifact is a file of garbage: it fails alone.
        Files.write(this.config.resolve("broken.pt"), new byte[] { 1, 2, 3 });
        write("broken.yml", """
                name: broken
                engine: PyTorch
                artifact: broken.pt
                task: classification
                preprocessing: {width: 2, height: 2, color: grayscale}
                labels: [a, b]
                """);
        try (ModelRegistry registry = new ModelRegistry(ModelCatalog.load(this.config),
                new ModelLoader(new ArtifactFetcher(this.config.resolve("cache"), null)))) {
            assertThat(registry.modelNames()).containsExactly("dummy");
            assertThat(registry.failures()).containsOnlyKeys("broken");
            ModelRunner dummy = registry.runners().get(0);
            assertThat(dummy.modelInfo().predictorBackend()).isEqualTo("noop");
            assertThat(dummy.predict(List.of(new float[3]))).containsExactly(List.of(Prediction.classification(0, "ok", 1.0)));
        }
    }

    private void write(String name, String yaml) throws IOException {
        Files.writeString(this.config.resolve("models").resolve(name), yaml);
    }

}
