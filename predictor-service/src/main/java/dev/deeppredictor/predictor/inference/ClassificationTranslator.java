package dev.deeppredictor.predictor.inference;

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
 * Image classification: the model returns raw logits per class; the result is the top-k classes
 * by softmax probability. {@link Batchifier#STACK} lets one {@code batchPredict} send a whole
 * batch through the engine as a single tensor.
 */
final class ClassificationTranslator implements Translator<float[], List<Prediction>> {

    private final Shape inputShape;

    private final int topK;

    private final List<String> labels;

    private final boolean softmax;

    ClassificationTranslator(Shape inputShape, int topK, List<String> labels, boolean softmax) {
        this.inputShape = inputShape;
        this.topK = topK;
        this.labels = labels;
        this.softmax = softmax;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[] input) {
        return new NDList(ctx.getNDManager().create(input, this.inputShape));
    }

    @Override
    public List<Prediction> processOutput(TranslatorContext ctx, NDList output) throws TranslateException {
        NDArray logits = output.get(0);
        if (logits.getShape().dimension() != 1 || logits.size() != this.labels.size()) {
            throw new TranslateException("the model returns logits of shape " + logits.getShape() + " but the "
                    + "definition lists " + this.labels.size() + " labels");
        }
        return ClassRanking.top(logits.toType(DataType.FLOAT32, false).toFloatArray(), this.topK, this.labels,
                this.softmax);
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

}
