package dev.deeppredictor.predictor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelCatalog;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.predictor.inference.ImageDecoder;
import dev.deeppredictor.predictor.inference.ImagePreprocessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follows the worked example of docs/models.md to the letter, in a copy of the config folder: runs
 * its shell step, writes its YAML file, then loads the model as the predictor does and checks the
 * answer the guide promises.
 */
class ModelsGuideTests {

    private static final Pattern STEP = Pattern.compile("<!-- step: (copy|file (\\S+)) -->\\s*```\\w+\\n(.*?)```",
            Pattern.DOTALL);

    private static final String TEST_IMAGE = "infra/test-support/src/main/resources/fixtures/fashion/test-00000.png";

    @TempDir
    Path workTree;

    @Test
    void theWorkedExampleServesItsModel() throws Exception {
        Path repo = Path.of(System.getProperty("deep-predictor.root", "..")).toAbsolutePath();
        String guide = Files.readString(repo.resolve("docs/models.md"));
        assertThat(guide).contains("`" + TEST_IMAGE + "` comes back as\n   `Ankle boot`");
        copyTree(repo.resolve("config/artifacts/fashion"), this.workTree.resolve("config/artifacts/fashion"));

        Matcher steps = STEP.matcher(guide);
        int followed = 0;
        while (steps.find()) {
            if (steps.group(2) == null) {
                runShell(steps.group(3));
            }
            else {
                Path file = this.workTree.resolve(steps.group(2));
                Files.createDirectories(file.getParent());
                Files.writeString(file, steps.group(3));
            }
            followed++;
        }
        assertThat(followed).isEqualTo(2);

        Path config = this.workTree.resolve("config");
        ModelCatalog catalog = ModelCatalog.load(config);
        assertThat(catalog.errors()).isEmpty();
        ModelDefinition definition = catalog.find("my-clothes").orElseThrow();
        try (LoadedModel model = new ModelLoader().load(definition)) {
            float[] input = new ImagePreprocessor().toInput(
                    new ImageDecoder(40_000_000).decode(Files.readAllBytes(repo.resolve(TEST_IMAGE))),
                    definition.preprocessing());
            List<Prediction> found = model.predict(List.of(input)).get(0);
            assertThat(found).singleElement().satisfies((best) -> {
                assertThat(best.className()).isEqualTo("Ankle boot");
                assertThat(best.confidence()).isGreaterThan(0.9);
            });
        }
    }

    private void runShell(String script) throws IOException, InterruptedException {
        Process shell = new ProcessBuilder("bash", "-euc", script).directory(this.workTree.toFile())
            .redirectErrorStream(true)
            .start();
        assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).as(new String(shell.getInputStream().readAllBytes())).isZero();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

}
