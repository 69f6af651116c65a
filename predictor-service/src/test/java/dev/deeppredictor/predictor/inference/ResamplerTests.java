package dev.deeppredictor.predictor.inference;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ResamplerTests {

    @Test
    void equalSizeCopiesExactly() {
        float[] out = new float[3];
        Resampler.between(3, 3).resize(new float[] { 1.5f, 2.25f, 255f }, out, 1);

        assertThat(out).containsExactly(1.5f, 2.25f, 255f);
    }

    @Test
    void shrinkingAveragesCoveredAreaIncludingFractions() {
        float[] out = new float[2];
        Resampler.between(3, 2).resize(new float[] { 0, 90, 180 }, out, 1);

        // Target 0 covers source [0, 1.5): (0 + 0.5 * 90) / 1.5; target 1 covers [1.5, 3).
        assertThat(out).containsExactly(new float[] { 30f, 150f }, within(1e-4f));
    }

    @Test
    void shrinkingKeepsInterleavedGroupsApart() {
        float[] out = new float[2];
        Resampler.between(2, 1).resize(new float[] { 10, 100, 30, 300 }, out, 2);

        assertThat(out).containsExactly(20f, 200f);
    }

    @Test
    void accumulateSpreadsASourceSampleOverItsTargets() {
        Resampler resampler = Resampler.between(2, 4);
        float[] out = new float[4];
        resampler.accumulate(0, new float[] { 0 }, out, 1);
        resampler.accumulate(1, new float[] { 200 }, out, 1);

        assertThat(out).containsExactly(new float[] { 0, 50, 150, 200 }, within(1e-4f));
    }

    @Test
    void weightsOfEveryTargetAddUpToOne() {
        for (int[] sizes : new int[][] { { 1000, 28 }, { 28, 1000 }, { 7, 3 }, { 3, 7 }, { 1, 5 }, { 5, 1 } }) {
            float[] ones = new float[sizes[0]];
            Arrays.fill(ones, 1f);
            float[] out = new float[sizes[1]];
            Resampler.between(sizes[0], sizes[1]).resize(ones, out, 1);
            for (float value : out) {
                assertThat(value).isCloseTo(1f, within(1e-4f));
            }
        }
    }

    @Test
    void pixelsOfThreeValuesResizeAsEachChannelAlone() {
        java.util.Random random = new java.util.Random(7);
        for (int[] sizes : new int[][] { { 512, 300 }, { 300, 512 }, { 17, 17 }, { 1, 5 } }) {
            Resampler resampler = Resampler.between(sizes[0], sizes[1]);
            float[] pixels = new float[sizes[0] * 3];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextInt(256) + random.nextFloat();
            }
            float[] resized = new float[sizes[1] * 3];
            resampler.resize(pixels, resized, 3);
            for (int c = 0; c < 3; c++) {
                float[] channel = new float[sizes[0]];
                for (int x = 0; x < sizes[0]; x++) {
                    channel[x] = pixels[x * 3 + c];
                }
                float[] expected = new float[sizes[1]];
                resampler.resize(channel, expected, 1);
                for (int x = 0; x < sizes[1]; x++) {
                    assertThat(resized[x * 3 + c]).as("%s, channel %d, sample %d", Arrays.toString(sizes), c, x)
                        .isEqualTo(expected[x]);
                }
            }
        }
    }

    @Test
    void refusesEmptySizes() {
        assertThatIllegalArgumentException().isThrownBy(() -> Resampler.between(0, 3));
    }

}
