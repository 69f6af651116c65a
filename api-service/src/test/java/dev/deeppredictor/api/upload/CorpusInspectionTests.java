package dev.deeppredictor.api.upload;

import java.util.List;
import java.util.stream.Stream;

import dev.deeppredictor.api.TestProperties;
import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.hostile.CorpusCase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The hostile corpus straight through the image inspector, without servers: every file whose answer
 * depends on its content alone gets it. (Empty files are refused earlier, by the upload reader.)
 */
class CorpusInspectionTests {

    private final ImageInspector inspector = new ImageInspector(TestProperties.of(
            new ApiProperties.Upload("fashion", DataSize.ofMegabytes(16), 40_000_000, 32, "abc", 5000),
            List.of(new ApiProperties.ApiKey("t", "k"))));

    static Stream<CorpusCase> contentCases() {
        return CorpusCase.all().stream().filter((c) -> c.accepted() || c.status() == 413 || c.status() == 415);
    }

    @ParameterizedTest
    @MethodSource("contentCases")
    void eachFileGetsItsAnswer(CorpusCase corpus) {
        if (corpus.accepted()) {
            InspectedImage image = this.inspector.inspect(corpus.content());
            assertThat(image.width()).isPositive();
            return;
        }
        ApiException refusal = catchThrowableOfType(ApiException.class, () -> this.inspector.inspect(corpus.content()));
        assertThat(refusal).as("refusal of %s", corpus.file()).isNotNull();
        assertThat(refusal.status().value()).as(refusal.getMessage()).isEqualTo(corpus.status());
        assertThat(refusal.getMessage()).contains(corpus.detail());
        assertThat(refusal.seedStatus().code()).isEqualTo(corpus.seedStatus());
    }

}
