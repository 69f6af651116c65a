package dev.deeppredictor.predictor.inference;

/**
 * Resizes along one axis from {@code from} samples to {@code to}. Shrinking averages the source
 * area each target sample covers (no aliasing however large the image); enlarging interpolates
 * linearly between sample centres. An equal size copies samples unchanged, so an image already at
 * the model's size reaches it bit for bit.
 *
 * <p>A sample may be a group of interleaved values (the channels of a pixel, or a whole row),
 * which lets the same tables resize rows and then columns.
 */
final class Resampler {

    /** For each target sample: the first source sample and the weights of it and its followers. */
    private final int[] first;

    private final float[][] weights;

    /** For each source sample: the target samples it contributes to, and with which weight. */
    private final int[][] targets;

    private final float[][] targetWeights;

    private Resampler(int from, int to) {
        this.first = new int[to];
        this.weights = new float[to][];
        double scale = (double) from / to;
        for (int i = 0; i < to; i++) {
            if (from > to) {
                area(i, scale, from);
            }
            else {
                linear(i, scale, from);
            }
        }
        this.targets = new int[from][];
        this.targetWeights = new float[from][];
        invert(from);
    }

    static Resampler between(int from, int to) {
        if (from < 1 || to < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + from + " -> " + to);
        }
        return new Resampler(from, to);
    }

    /** Resizes {@code in} (samples of {@code group} values each) into {@code out}. */
    void resize(float[] in, float[] out, int group) {
        if (group == 3) {
            resizePixels(in, out);
            return;
        }
        for (int i = 0; i < this.first.length; i++) {
            float[] w = this.weights[i];
            for (int g = 0; g < group; g++) {
                double sum = 0;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * in[(this.first[i] + k) * group + g];
                }
                out[i * group + g] = (float) sum;
            }
        }
    }

    /**
     * {@link #resize} for three values per sample (a row of colour pixels), with the same sums in
     * the same order: one pass over each source pixel's taps instead of one per channel.
     */
    private void resizePixels(float[] in, float[] out) {
        for (int i = 0; i < this.first.length; i++) {
            float[] w = this.weights[i];
            int at = this.first[i] * 3;
            double r = 0;
            double g = 0;
            double b = 0;
            for (int k = 0; k < w.length; k++, at += 3) {
                float weight = w[k];
                r += weight * in[at];
                g += weight * in[at + 1];
                b += weight * in[at + 2];
            }
            int o = i * 3;
            out[o] = (float) r;
            out[o + 1] = (float) g;
            out[o + 2] = (float) b;
        }
    }

    /** Adds the contribution of one source sample's values to every target sample it feeds. */
    void accumulate(int source, float[] values, float[] out, int group) {
        int[] to = this.targets[source];
        float[] w = this.targetWeights[source];
        for (int t = 0; t < to.length; t++) {
            int offset = to[t] * group;
            for (int g = 0; g < group; g++) {
                out[offset + g] += w[t] * values[g];
            }
        }
    }

    private void area(int i, double scale, int from) {
        double lo = i * scale;
        double hi = Math.min(from, (i + 1) * scale);
        int start = (int) Math.floor(lo);
        int end = (int) Math.ceil(hi);
        float[] w = new float[end - start];
        for (int j = start; j < end; j++) {
            w[j - start] = (float) ((Math.min(hi, j + 1) - Math.max(lo, j)) / scale);
        }
        this.first[i] = start;
        this.weights[i] = w;
    }

    private void linear(int i, double scale, int from) {
        double centre = Math.min(from - 1, Math.max(0, (i + 0.5) * scale - 0.5));
        int left = (int) Math.floor(centre);
        double fraction = centre - left;
        this.first[i] = left;
        this.weights[i] = (left + 1 < from && fraction > 0) ? new float[] { (float) (1 - fraction), (float) fraction }
                : new float[] { 1f };
    }

    private void invert(int from) {
        int[] counts = new int[from];
        for (int i = 0; i < this.first.length; i++) {
            for (int k = 0; k < this.weights[i].length; k++) {
                counts[this.first[i] + k]++;
            }
        }
        for (int j = 0; j < from; j++) {
            this.targets[j] = new int[counts[j]];
            this.targetWeights[j] = new float[counts[j]];
            counts[j] = 0;
        }
        for (int i = 0; i < this.first.length; i++) {
            for (int k = 0; k < this.weights[i].length; k++) {
                int j = this.first[i] + k;
                this.targets[j][counts[j]] = i;
                this.targetWeights[j][counts[j]++] = this.weights[i][k];
            }
        }
    }

}
