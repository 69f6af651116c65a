package dev.deeppredictor.predictor.inference;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.deeppredictor.model.Prediction;

/**
 * Face detection with BlazeFace. The ONNX export has a fixed batch dimension of 1, so there is no
 * batchifier: DJL's {@code batchPredict} then runs the images of a job batch one after the other
 * through the engine, and the micro-batch still shares the queue, fetch and database round trips.
 *
 * <p>The model splits its outputs by anchor grid: score logits {@code [1, n, 1]} and regressions
 * {@code [1, n, 16]} per grid, finest grid first. They are told apart by shape and joined in the
 * order the model returns them, which is the anchor order of {@link AnchorGrid}. All decoding is
 * plain Java on the copied values: the ONNX Runtime engine has no NDArray operators.
 */
final class BlazeFaceTranslator implements Translator<float[], List<Prediction>> {

    private final Shape inputShape;

    private final BlazeFaceDecoder decoder;

    /** @param imageShape one image's shape (height, width, channels), batch dimension added here */
    BlazeFaceTranslator(Shape imageShape, BlazeFaceDecoder decoder) {
        this.inputShape = new Shape(1).addAll(imageShape);
        this.decoder = decoder;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[] input) {
        return new NDList(ctx.getNDManager().create(input, this.inputShape));
    }

    @Override
    public List<Prediction> processOutput(TranslatorContext ctx, NDList output) throws TranslateException {
        List<float[]> logits = new ArrayList<>();
        List<float[]> regressions = new ArrayList<>();
        for (NDArray array : output) {
            Shape shape = array.getShape();
            long last = shape.get(shape.dimension() - 1);
            float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
            if (last == 1) {
                logits.add(values);
            }
            else if (last == BlazeFaceDecoder.VALUES_PER_ANCHOR) {
                regressions.add(values);
            }
            else {
                throw new TranslateException("unexpected BlazeFace output " + array.getName() + " of shape " + shape);
            }
        }
        float[] scores = concat(logits);
        float[] boxes = concat(regressions);
        if (scores.length != this.decoder.anchorCount()
                || boxes.length != scores.length * BlazeFaceDecoder.VALUES_PER_ANCHOR) {
            throw new TranslateException("the model returns " + scores.length + " scores and " + boxes.length
                    + " regression values, but the input size gives " + this.decoder.anchorCount() + " anchors");
        }
        return this.decoder.decode(scores, boxes);
    }

    @Override
    public Batchifier getBatchifier() {
        return null;
    }

    private static float[] concat(List<float[]> parts) {
        int length = parts.stream().mapToInt((part) -> part.length).sum();
        float[] all = new float[length];
        int offset = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

}
