package dev.deeppredictor.predictor.inference.noop;

import java.util.Collections;
import java.util.List;

import dev.deeppredictor.model.ModelInfo;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.predictor.inference.InferenceException;
import dev.deeppredictor.predictor.inference.ModelRunner;

/**
 * A model without inference (engine {@code NoOp}): every image gets the definition's fixed answer,
 * after the configured sleep per engine call. It needs no DJL, no artifact and no memory, so a
 * benchmark on it measures the pipeline's own cost, like the seed's dummy predictor.
 */
public final class NoOpRunner implements ModelRunner {

    /** What results report as the backend. */
    public static final String BACKEND = "noop";

    private final ModelDefinition definition;

    private final ModelInfo modelInfo;

    private final List<Prediction> answer;

    public NoOpRunner(ModelDefinition definition) {
        if (definition.engine() != ModelDefinition.Engine.NoOp || definition.noop() == null) {
            throw new IllegalArgumentException("model " + definition.name() + " is not a checked NoOp definition");
        }
        this.definition = definition;
        this.modelInfo = new ModelInfo(definition.method(), definition.modelId(), BACKEND);
        ModelDefinition.NoOp noop = definition.noop();
        this.answer = List.of(Prediction.classification(definition.labels().indexOf(noop.className()),
                noop.className(), noop.confidence()));
    }

    @Override
    public ModelDefinition definition() {
        return this.definition;
    }

    @Override
    public ModelInfo modelInfo() {
        return this.modelInfo;
    }

    /** The answer is fixed: the image is fetched but never decoded. */
    @Override
    public boolean readsPixels() {
        return false;
    }

    @Override
    public List<List<Prediction>> predict(List<float[]> inputs) throws InferenceException {
        long sleepMs = this.definition.noop().sleepMs();
        if (sleepMs > 0) {
            try {
                Thread.sleep(sleepMs);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new InferenceException("interrupted while pretending to infer", ex);
            }
        }
        return Collections.nCopies(inputs.size(), this.answer);
    }

}
