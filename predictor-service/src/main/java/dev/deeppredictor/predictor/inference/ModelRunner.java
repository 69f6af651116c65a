package dev.deeppredictor.predictor.inference;

import java.util.List;

import dev.deeppredictor.model.ModelInfo;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelDefinition;

/**
 * A loaded model that turns pre-processed inputs into predictions, one batch at a time. Safe to
 * call from several consumer threads.
 */
public interface ModelRunner {

    ModelDefinition definition();

    /** What a result reports as the model that produced it. */
    ModelInfo modelInfo();

    /**
     * Runs all inputs through the engine as one batch.
     * @param inputs pre-processed images, each laid out as the definition's preprocessing says
     * @return the predictions of each input, in input order
     * @throws InferenceException when the engine failed; no input of the batch has a result then
     */
    List<List<Prediction>> predict(List<float[]> inputs) throws InferenceException;

    /**
     * Whether the model looks at the image: a model that does not (the no-op engine) gets its
     * image fetched, as every job's is, but neither decoded nor pre-processed, and an empty input.
     */
    default boolean readsPixels() {
        return true;
    }

}
