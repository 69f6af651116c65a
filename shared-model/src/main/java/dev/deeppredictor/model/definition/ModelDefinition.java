package dev.deeppredictor.model.definition;

import java.util.List;

/**
 * One model as an operator defines it in {@code config/models/<name>.yml}.
 *
 * @param name unique name, also the job routing key; letters, digits, '-' and '_'
 * @param frontendName the name shown to people
 * @param description what the model finds
 * @param method the architecture name reported as {@code model_info.method}
 * @param modelId the numeric id reported as {@code model_info.model_id}
 * @param engine the DJL engine that runs the artifact
 * @param artifact where the model file is: a path relative to the config folder, or absolute
 * @param task what the model's output means
 * @param preprocessing how an uploaded image becomes the model's input
 * @param labels class names by output index
 * @param topK how many classes a classification returns
 * @param confidenceThreshold below it an image counts as "not-confident"
 * @param batch micro-batching of jobs for this model
 * @param concurrency how many consumers (worker threads) serve this model in one predictor
 * @param imageAction what happens to the uploaded image after the prediction
 * @param test whether the model serves the test API only
 * @param detection how a detection model's candidate boxes are filtered; defaults for every model
 * @param decoder how a detection model's raw outputs become boxes (one of {@link #DECODERS});
 *     {@code null} for classification
 * @param softmax whether a classifier's outputs are logits to pass through softmax (the default)
 *     or already probabilities ({@code softmax: false})
 * @param noop the fixed answer of a {@link Engine#NoOp} model; {@code null} for every other engine
 */
public record ModelDefinition(String name, String frontendName, String description, String method,
        int modelId, Engine engine, String artifact, Task task, Preprocessing preprocessing,
        List<String> labels, int topK, double confidenceThreshold, Batching batch, int concurrency,
        ImageAction imageAction, boolean test, Detection detection, String decoder, Boolean softmax,
        NoOp noop) {

    /** The output decoders this project implements, by the name a model file uses. */
    public static final List<String> DECODERS = List.of("blazeface", "ssd");

    /**
     * Filtering of a detection model's candidates: a box is kept when its confidence reaches
     * {@code scoreThreshold}, a box overlapping a more confident one by more than
     * {@code iouThreshold} (intersection over union) is dropped, and at most {@code maxBoxes} are
     * returned. Ignored by classification models.
     */
    public record Detection(double scoreThreshold, double iouThreshold, int maxBoxes) {
    }

    /**
     * The answer of a {@link Engine#NoOp} model, which runs no inference: every image gets one
     * classification {@code className} with {@code confidence}, after {@code sleepMs} per engine
     * call (one batch). It measures what the pipeline costs apart from inference, like the seed's
     * dummy predictor.
     *
     * @param className the class every image is given; defaults to the first label
     * @param confidence its confidence, 0..1; defaults to 1
     * @param sleepMs how long one engine call pretends to take; 0 (the default) for none
     */
    public record NoOp(String className, double confidence, long sleepMs) {
    }

    /** The DJL engine running a model, or {@code NoOp} for a model that runs none. */
    public enum Engine {
        PyTorch, TensorFlow, OnnxRuntime,
        /** No engine and no artifact: a fixed answer, for measuring the pipeline itself. */
        NoOp
    }

    /** What a model's output means. */
    public enum Task {
        classification, detection
    }

    /** What happens to the uploaded image once predicted. */
    public enum ImageAction {
        /** Moved into {@code <model>/<class or not-confident>/<id>.<ext>}. */
        save,
        /** Deleted. */
        remove,
        /** Left where it was uploaded. */
        keep
    }

}
