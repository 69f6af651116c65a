package dev.deeppredictor.predictor.inference.noop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelCatalog;
import dev.deeppredictor.model.definition.ModelDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NoOpRunnerTests {

    @TempDir
    Path config;

    @Test
    void everyInputGetsTheConfiguredAnswer() throws Exception {
        NoOpRunner runner = new NoOpRunner(definition("labels: [cat, dog]\nnoop: {class-name: dog, confidence: 0.75}\n"));
        List<List<Prediction>> results = runner.predict(List.of(new float[3], new float[3], new float[3]));
        assertThat(results).hasSize(3)
            .allSatisfy((predictions) -> assertThat(predictions).containsExactly(Prediction.classification(1, "dog", 0.75)));
        assertThat(runner.modelInfo().predictorBackend()).isEqualTo("noop");
        assertThat(runner.modelInfo().modelId()).isEqualTo(9);
    }

    @Test
    void anEngineCallTakesAtLeastTheSleep() throws Exception {
        NoOpRunner runner = new NoOpRunner(definition("noop: {sleep-ms: 50}\n"));
        long start = System.nanoTime();
        runner.predict(List.of(new float[3], new float[3]));
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(50);
    }

    @Test
    void aRealEngineDefinitionIsRefused() throws Exception {
        ModelDefinition noop = definition("");
        ModelDefinition real = new ModelDefinition(noop.name(), noop.frontendName(), "", noop.method(), 1,
                ModelDefinition.Engine.PyTorch, "/m.pt", noop.task(), noop.preprocessing(), noop.labels(), 1, 0,
                noop.batch(), 1, noop.imageAction(), false, noop.detection(), null, true, null);
        assertThatIllegalArgumentException().isThrownBy(() -> new NoOpRunner(real));
    }

    private ModelDefinition definition(String extra) throws IOException {
        Files.createDirectories(this.config.resolve("models"));
        Path file = this.config.resolve("models/dummy.yml");
        Files.writeString(file, "name: dummy\nengine: NoOp\nmodel-id: 9\n" + extra);
        return ModelCatalog.read(file, this.config);
    }

}
