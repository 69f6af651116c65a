package dev.deeppredictor.predictor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.deeppredictor.model.ModelInfo;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.model.definition.Preprocessing;
import dev.deeppredictor.predictor.inference.InferenceException;
import dev.deeppredictor.predictor.inference.ModelRunner;

/**
 * One model in memory with a pool of DJL predictors. A DJL {@link Predictor} must not be shared
 * between threads, so there is one per consumer thread of the model ({@code concurrency}); a
 * thread borrows one for a batch and gives it back.
 */
final class LoadedModel implements ModelRunner, AutoCloseable {

    private final ModelDefinition definition;

    private final ZooModel<float[], List<Prediction>> model;

    private final ModelInfo modelInfo;

    private final List<Predictor<float[], List<Prediction>>> predictors = new ArrayList<>();

    private final BlockingQueue<Predictor<float[], List<Prediction>>> idle;

    LoadedModel(ModelDefinition definition, ZooModel<float[], List<Prediction>> model) {
        this.definition = definition;
        this.model = model;
        String engine = model.getNDManager().getEngine().getEngineName().toLowerCase(Locale.ROOT);
        this.modelInfo = new ModelInfo(definition.method(), definition.modelId(), engine);
        this.idle = new ArrayBlockingQueue<>(definition.concurrency());
        for (int i = 0; i < definition.concurrency(); i++) {
            Predictor<float[], List<Prediction>> predictor = model.newPredictor();
            this.predictors.add(predictor);
            this.idle.add(predictor);
        }
    }

    @Override
    public ModelDefinition definition() {
        return this.definition;
    }

    @Override
    public ModelInfo modelInfo() {
        return this.modelInfo;
    }

    @Override
    public List<List<Prediction>> predict(List<float[]> inputs) throws InferenceException {
        Predictor<float[], List<Prediction>> predictor;
        try {
            predictor = this.idle.take();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting for a predictor", ex);
        }
        try {
            return predictor.batchPredict(inputs);
        }
        catch (TranslateException | RuntimeException ex) {
            throw new InferenceException(summary(ex), ex);
        }
        finally {
            this.idle.add(predictor);
        }
    }

    /** Runs one all-zero input, which proves the artifact accepts the configured input shape. */
    void warmUp() throws InferenceException {
        Preprocessing pre = this.definition.preprocessing();
        predict(List.of(new float[pre.channels() * pre.width() * pre.height()]));
    }

    /**
     * An engine error in one line for logs and records. TorchScript errors carry both tracebacks
     * and end with the actual error, such as {@code RuntimeError: mat1 and mat2 shapes cannot be
     * multiplied}.
     */
    static String summary(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        String[] lines = message.strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    @Override
    public void close() {
        this.predictors.forEach(Predictor::close);
        this.model.close();
    }

}
