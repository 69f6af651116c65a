package dev.deeppredictor.predictor.inference;

import java.nio.ByteBuffer;
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
 * Object detection with an SSD SavedModel on the TensorFlow engine. The graph takes uint8 pixels
 * (it resizes and scales them itself), so the pre-processed values, configured to stay in 0..255,
 * are rounded into bytes. The graph takes a batch (every image has the configured size, so they
 * stack), and gives each image the same boxes and scores as a run of its own.
 *
 * <p>The SavedModel's signature names its outputs, and DJL does not keep the signature's order,
 * so {@code scores} and {@code boxes} are picked by name.
 */
final class SsdTranslator implements Translator<float[], List<Prediction>> {

    /** The signature's input and output names. */
    static final String INPUT = "image";

    static final String SCORES = "scores";

    static final String BOXES = "boxes";

    private final Shape inputShape;

    private final SsdDecoder decoder;

    /** @param imageShape one image's shape (height, width, channels); the batchifier adds the batch dimension */
    SsdTranslator(Shape imageShape, SsdDecoder decoder) {
        this.inputShape = imageShape;
        this.decoder = decoder;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[] input) {
        // Rounded into a heap array, then copied in one go: a direct buffer's put of one byte
        // costs several calls each. Clamped first, a value is never negative, so adding a half and
        // truncating rounds it as Math.round does (but for values a float's step below 0.5), at
        // half the cost on C1, where Math.round is a call (0.40 ms per 300x300 image against 0.81).
        byte[] bytes = new byte[input.length];
        for (int i = 0; i < input.length; i++) {
            float value = input[i];
            bytes[i] = (byte) (int) (((value < 0f) ? 0f : ((value > 255f) ? 255f : value)) + 0.5f);
        }
        ByteBuffer pixels = ByteBuffer.allocateDirect(bytes.length);
        pixels.put(bytes).flip();
        NDArray image = ctx.getNDManager().create(pixels, this.inputShape, DataType.UINT8);
        image.setName(INPUT);
        return new NDList(image);
    }

    @Override
    public List<Prediction> processOutput(TranslatorContext ctx, NDList output) throws TranslateException {
        float[] scores = floats(output, SCORES);
        float[] boxes = floats(output, BOXES);
        if (scores.length != boxes.length / 4 * this.decoder.classCount()) {
            throw new TranslateException("the model returns " + scores.length + " scores for " + boxes.length / 4
                    + " boxes, but the model file lists " + this.decoder.classCount() + " labels");
        }
        return this.decoder.decode(scores, boxes);
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    private static float[] floats(NDList output, String name) throws TranslateException {
        for (NDArray array : output) {
            if (name.equals(array.getName())) {
                return array.toType(DataType.FLOAT32, false).toFloatArray();
            }
        }
        throw new TranslateException("the model has no output named '" + name + "'; it returns "
                + output.stream().map((a) -> a.getName() + " " + a.getShape()).toList());
    }

}
