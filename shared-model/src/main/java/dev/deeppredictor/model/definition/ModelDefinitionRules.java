package dev.deeppredictor.model.definition;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fills the defaults of a model file and rejects what cannot work, naming the file and field.
 */
final class ModelDefinitionRules {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private ModelDefinitionRules() {
    }

    static ModelDefinition check(String file, ModelDefinition raw, Path configDir) {
        require(file, "name", raw.name() != null && NAME.matcher(raw.name()).matches(),
                "must be 1-64 letters, digits, '-' or '_'");
        require(file, "engine", raw.engine() != null, "must be one of PyTorch, TensorFlow, OnnxRuntime, NoOp");
        require(file, "noop", raw.noop() == null || raw.engine() == ModelDefinition.Engine.NoOp,
                "is only for engine NoOp");
        if (raw.engine() == ModelDefinition.Engine.NoOp) {
            return check(file, NoOpRules.complete(file, raw), configDir, true);
        }
        return check(file, raw, configDir, false);
    }

    private static ModelDefinition check(String file, ModelDefinition raw, Path configDir, boolean noop) {
        require(file, "task", raw.task() != null, "must be classification or detection");
        require(file, "artifact", noop || (raw.artifact() != null && !raw.artifact().isBlank()), "is required");
        require(file, "labels", raw.labels() != null && !raw.labels().isEmpty(), "must list the class names");
        String artifact = noop ? null : resolveArtifact(file, raw.artifact(), configDir);
        Preprocessing pre = checkPreprocessing(file, raw.preprocessing());
        int topK = raw.topK() > 0 ? Math.min(raw.topK(), raw.labels().size()) : Math.min(5, raw.labels().size());
        require(file, "confidence-threshold", raw.confidenceThreshold() >= 0 && raw.confidenceThreshold() <= 1,
                "must be between 0 and 1");
        Batching batch = raw.batch() == null ? new Batching(1, 0) : raw.batch();
        require(file, "batch.size", batch.size() >= 1 && batch.size() <= 256, "must be 1..256");
        require(file, "batch.max-delay-ms", batch.maxDelayMs() >= 0 && batch.maxDelayMs() <= 10_000,
                "must be 0..10000");
        int concurrency = raw.concurrency() > 0 ? raw.concurrency() : 1;
        require(file, "concurrency", concurrency <= 64, "must be 1..64");
        ModelDefinition.Detection detection = checkDetection(file, raw.detection());
        String decoder = orDefault(raw.decoder(), null);
        require(file, "decoder", decoder == null || ModelDefinition.DECODERS.contains(decoder),
                "must be one of " + ModelDefinition.DECODERS);
        require(file, "decoder", decoder != null || raw.task() != ModelDefinition.Task.detection,
                "is required for task detection (one of " + ModelDefinition.DECODERS + ")");
        return new ModelDefinition(raw.name(), orDefault(raw.frontendName(), raw.name()),
                orDefault(raw.description(), ""), orDefault(raw.method(), raw.name()), raw.modelId(), raw.engine(),
                artifact, raw.task(), pre, List.copyOf(raw.labels()), topK, raw.confidenceThreshold(), batch,
                concurrency, raw.imageAction() == null ? ModelDefinition.ImageAction.keep : raw.imageAction(),
                raw.test(), detection, decoder, raw.softmax() == null || raw.softmax(), raw.noop());
    }

    /** Absent values (0) take the defaults; a value given must make sense as a probability or count. */
    private static ModelDefinition.Detection checkDetection(String file, ModelDefinition.Detection raw) {
        double score = (raw == null || raw.scoreThreshold() == 0) ? 0.5 : raw.scoreThreshold();
        double iou = (raw == null || raw.iouThreshold() == 0) ? 0.45 : raw.iouThreshold();
        int maxBoxes = (raw == null || raw.maxBoxes() == 0) ? 100 : raw.maxBoxes();
        require(file, "detection.score-threshold", score > 0 && score < 1, "must be between 0 and 1 (exclusive)");
        require(file, "detection.iou-threshold", iou > 0 && iou <= 1, "must be above 0 and at most 1");
        require(file, "detection.max-boxes", maxBoxes >= 1 && maxBoxes <= 1000, "must be 1..1000");
        return new ModelDefinition.Detection(score, iou, maxBoxes);
    }

    private static Preprocessing checkPreprocessing(String file, Preprocessing pre) {
        require(file, "preprocessing", pre != null, "is required (width, height, color)");
        require(file, "preprocessing.width", pre.width() > 0 && pre.width() <= 4096, "must be 1..4096");
        require(file, "preprocessing.height", pre.height() > 0 && pre.height() <= 4096, "must be 1..4096");
        String color = orDefault(pre.color(), "rgb");
        require(file, "preprocessing.color", List.of("grayscale", "rgb", "bgr").contains(color),
                "must be grayscale, rgb or bgr");
        String layout = orDefault(pre.layout(), "NCHW");
        require(file, "preprocessing.layout", List.of("NCHW", "NHWC").contains(layout), "must be NCHW or NHWC");
        int channels = "grayscale".equals(color) ? 1 : 3;
        List<Double> mean = pre.mean() == null ? java.util.Collections.nCopies(channels, 0.0) : pre.mean();
        List<Double> std = pre.std() == null ? java.util.Collections.nCopies(channels, 1.0) : pre.std();
        require(file, "preprocessing.mean", mean.size() == channels, "needs one value per channel (" + channels + ")");
        require(file, "preprocessing.std", std.size() == channels && std.stream().allMatch((s) -> s > 0),
                "needs one positive value per channel (" + channels + ")");
        double scale = pre.scale() > 0 ? pre.scale() : 1.0 / 255.0;
        return new Preprocessing(pre.width(), pre.height(), color, pre.invert(), scale, List.copyOf(mean),
                List.copyOf(std), layout);
    }

    private static String resolveArtifact(String file, String artifact, Path configDir) {
        if (artifact.contains("://")) {
            URI uri = URI.create(artifact);
            require(file, "artifact", List.of("http", "https", "s3", "file").contains(uri.getScheme()),
                    "must be a path or an http(s)://, s3:// or file:// location");
            return artifact;
        }
        Path path = configDir.resolve(artifact).toAbsolutePath().normalize();
        require(file, "artifact", Files.isRegularFile(path) || Files.isDirectory(path), "not found: " + path);
        return path.toString();
    }

    static void require(String file, String field, boolean ok, String problem) {
        if (!ok) {
            throw new ModelDefinitionException(file + ": field '" + field + "' " + problem);
        }
    }

    private static String orDefault(String value, String fallback) {
        return (value == null || value.isBlank()) ? fallback : value;
    }

}
