package dev.deeppredictor.predictor.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed anchor points of an SSD-style detector such as BlazeFace: each output row of the model
 * belongs to one anchor, the centre of a grid cell, and the model predicts offsets from it.
 *
 * <p>Anchors are ordered as the model emits them: grid by grid (finest first), then row by row,
 * cell by cell, and the anchors of one cell next to each other. BlazeFace's anchors all have size
 * 1, so only their centres matter; box sizes come straight from the regression output.
 */
final class AnchorGrid {

    /** MediaPipe's SSD anchor options give every feature layer two anchors (two scales, aspect 1). */
    private static final int ANCHORS_PER_LAYER = 2;

    private final float[] centreX;

    private final float[] centreY;

    private AnchorGrid(float[] centreX, float[] centreY) {
        this.centreX = centreX;
        this.centreY = centreY;
    }

    /**
     * The anchors of an input of {@code inputSize} pixels square for the given layer strides.
     * Consecutive layers with the same stride share one grid, each adding its anchors to every
     * cell: BlazeFace front's strides 8, 16, 16, 16 on 128 pixels make a 16x16 grid with 2 anchors
     * per cell and an 8x8 grid with 6, 896 anchors in all.
     */
    static AnchorGrid ssd(int inputSize, int... strides) {
        if (inputSize < 1 || strides.length == 0) {
            throw new IllegalArgumentException("need a positive input size and at least one stride");
        }
        List<float[]> centres = new ArrayList<>();
        int layer = 0;
        while (layer < strides.length) {
            int stride = strides[layer];
            int perCell = 0;
            while (layer < strides.length && strides[layer] == stride) {
                perCell += ANCHORS_PER_LAYER;
                layer++;
            }
            int cells = (int) Math.ceil((double) inputSize / stride);
            for (int y = 0; y < cells; y++) {
                for (int x = 0; x < cells; x++) {
                    for (int a = 0; a < perCell; a++) {
                        centres.add(new float[] { (x + 0.5f) / cells, (y + 0.5f) / cells });
                    }
                }
            }
        }
        float[] cx = new float[centres.size()];
        float[] cy = new float[centres.size()];
        for (int i = 0; i < cx.length; i++) {
            cx[i] = centres.get(i)[0];
            cy[i] = centres.get(i)[1];
        }
        return new AnchorGrid(cx, cy);
    }

    int size() {
        return this.centreX.length;
    }

    /** Horizontal centre of anchor {@code i}, a fraction of the input width. */
    float centreX(int i) {
        return this.centreX[i];
    }

    /** Vertical centre of anchor {@code i}, a fraction of the input height (0 is the top). */
    float centreY(int i) {
        return this.centreY[i];
    }

}
