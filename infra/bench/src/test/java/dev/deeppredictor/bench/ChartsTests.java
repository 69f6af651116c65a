package dev.deeppredictor.bench;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ChartsTests {

    @TempDir
    Path dir;

    @Test
    void barsAreAReadablePngWithTheSeriesColours() throws Exception {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("limit", new double[] { 100, 650 });
        series.put("pipeline", new double[] { 95, 500 });
        Path file = this.dir.resolve("bars.png");
        Charts.bars(file, "Throughput", "per second", List.of("real", "zero-cost"), series);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(480);
        // The tallest bar (650 of an axis up to 1000) is drawn in the first series' colour.
        assertThat(countPixels(image, 0x4C72B0)).isGreaterThan(1000);
        assertThat(countPixels(image, 0xDD8452)).isGreaterThan(1000);
    }

    @Test
    void linesAreAReadablePng() throws Exception {
        Path file = this.dir.resolve("lines.png");
        Charts.lines(file, "RSS", "jobs", "MiB", Map.of("predictor",
                List.of(new double[] { 0, 800 }, new double[] { 5000, 810 }, new double[] { 10000, 805 })));
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(countPixels(image, 0x4C72B0)).isGreaterThan(200);
    }

    @Test
    void theAxisTopIsARoundNumberAboveTheLargestValue() {
        assertThat(Charts.niceMax(650)).isEqualTo(1000);
        assertThat(Charts.niceMax(95)).isEqualTo(100);
        assertThat(Charts.niceMax(101)).isEqualTo(200);
        assertThat(Charts.niceMax(0.3)).isEqualTo(0.5);
        assertThat(Charts.niceMax(0)).isEqualTo(1);
    }

    private static int countPixels(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

}
