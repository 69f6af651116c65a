package dev.deeppredictor.model.definition;

import java.util.List;

/**
 * Fills in what a {@link ModelDefinition.Engine#NoOp} model may leave out: it has no artifact and
 * reads no pixels, so only its answer matters. Everything else is checked like any model.
 */
final class NoOpRules {

    /** Small enough that decoding and resizing stay the only image work, as for any model. */
    private static final Preprocessing ONE_PIXEL = new Preprocessing(1, 1, "rgb", false, 0, null, null, null);

    private static final long MAX_SLEEP_MS = 60_000;

    private NoOpRules() {
    }

    /** The definition with the no-op defaults filled in, before the common checks. */
    static ModelDefinition complete(String file, ModelDefinition raw) {
        ModelDefinition.NoOp answer = raw.noop() == null ? new ModelDefinition.NoOp(null, 0, 0) : raw.noop();
        List<String> labels = raw.labels();
        String className = blank(answer.className())
                ? (labels == null || labels.isEmpty() ? "noop" : labels.get(0)) : answer.className();
        if (labels == null || labels.isEmpty()) {
            labels = List.of(className);
        }
        double confidence = answer.confidence() == 0 ? 1.0 : answer.confidence();
        ModelDefinitionRules.require(file, "noop.class-name", labels.contains(className),
                "must be one of the labels " + labels);
        ModelDefinitionRules.require(file, "noop.confidence", confidence > 0 && confidence <= 1,
                "must be above 0 and at most 1");
        ModelDefinitionRules.require(file, "noop.sleep-ms", answer.sleepMs() >= 0 && answer.sleepMs() <= MAX_SLEEP_MS,
                "must be 0.." + MAX_SLEEP_MS);
        ModelDefinition.Task task = raw.task() == null ? ModelDefinition.Task.classification : raw.task();
        ModelDefinitionRules.require(file, "task", task == ModelDefinition.Task.classification,
                "must be classification for engine NoOp");
        return new ModelDefinition(raw.name(), raw.frontendName(), raw.description(), raw.method(), raw.modelId(),
                raw.engine(), null, task, raw.preprocessing() == null ? ONE_PIXEL : raw.preprocessing(), labels,
                raw.topK(), raw.confidenceThreshold(), raw.batch(), raw.concurrency(), raw.imageAction(), raw.test(),
                raw.detection(), raw.decoder(), raw.softmax(),
                new ModelDefinition.NoOp(className, confidence, answer.sleepMs()));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

}
