package dev.deeppredictor.model.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class NoOpModelDefinitionTests {

    @TempDir
    Path config;

    @BeforeEach
    void models() throws IOException {
        Files.createDirectories(this.config.resolve("models"));
    }

    @Test
    void aNoOpModelNeedsNeitherArtifactNorLabelsNorPreprocessing() throws IOException {
        write("dummy.yml", "name: dummy\nengine: NoOp\n");
        ModelCatalog catalog = ModelCatalog.load(this.config);
        assertThat(catalog.errors()).isEmpty();
        ModelDefinition model = catalog.find("dummy").orElseThrow();
        assertThat(model.engine()).isEqualTo(ModelDefinition.Engine.NoOp);
        assertThat(model.artifact()).isNull();
        assertThat(model.task()).isEqualTo(ModelDefinition.Task.classification);
        assertThat(model.labels()).containsExactly("noop");
        assertThat(model.noop()).isEqualTo(new ModelDefinition.NoOp("noop", 1.0, 0));
        assertThat(model.preprocessing().width()).isEqualTo(1);
        assertThat(model.preprocessing().channels()).isEqualTo(3);
        assertThat(model.batch()).isEqualTo(new Batching(1, 0));
    }

    @Test
    void theAnswerAndSleepAreRead() throws IOException {
        write("dummy.yml", """
                name: dummy
                engine: NoOp
                labels: [cat, dog]
                noop:
                  class-name: dog
                  confidence: 0.25
                  sleep-ms: 40
                batch: {size: 16, max-delay-ms: 2}
                concurrency: 4
                """);
        ModelCatalog catalog = ModelCatalog.load(this.config);
        assertThat(catalog.errors()).isEmpty();
        ModelDefinition model = catalog.find("dummy").orElseThrow();
        assertThat(model.noop()).isEqualTo(new ModelDefinition.NoOp("dog", 0.25, 40));
        assertThat(model.labels()).containsExactly("cat", "dog");
        assertThat(model.batch()).isEqualTo(new Batching(16, 2));
        assertThat(model.concurrency()).isEqualTo(4);
    }

    @Test
    void aWrongAnswerIsRejectedByField() throws IOException {
        write("label.yml", "name: label\nengine: NoOp\nlabels: [cat]\nnoop: {class-name: dog}\n");
        write("confidence.yml", "name: confidence\nengine: NoOp\nnoop: {confidence: 1.5}\n");
        write("sleep.yml", "name: sleep\nengine: NoOp\nnoop: {sleep-ms: -1}\n");
        write("task.yml", "name: task\nengine: NoOp\ntask: detection\n");
        ModelCatalog catalog = ModelCatalog.load(this.config);
        assertThat(catalog.models()).isEmpty();
        assertThat(catalog.errors()).hasSize(4)
            .anySatisfy((error) -> assertThat(error).startsWith("label.yml").contains("noop.class-name"))
            .anySatisfy((error) -> assertThat(error).startsWith("confidence.yml").contains("noop.confidence"))
            .anySatisfy((error) -> assertThat(error).startsWith("sleep.yml").contains("noop.sleep-ms"))
            .anySatisfy((error) -> assertThat(error).startsWith("task.yml").contains("'task'"));
    }

    @Test
    void aNoOpSectionOnARealEngineIsRejected() throws IOException {
        write("real.yml", """
                name: real
                engine: PyTorch
                artifact: missing.pt
                noop: {class-name: cat}
                """);
        assertThat(ModelCatalog.load(this.config).errors()).singleElement()
            .asString()
            .startsWith("real.yml")
            .contains("'noop' is only for engine NoOp");
    }

    private void write(String name, String yaml) throws IOException {
        Files.writeString(this.config.resolve("models").resolve(name), yaml);
    }

}
