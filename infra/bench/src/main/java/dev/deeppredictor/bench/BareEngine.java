package dev.deeppredictor.bench;

import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelCatalog;
import dev.deeppredictor.model.definition.ModelDefinition;

/**
 * The limit for a real model: the same model file, translator, decoding and pre-processing as
 * predictor-service, run in one process with no server and no framework, one thread, batches of
 * the model's batch size. Runs on predictor-service's own jar (run.sh starts it with Spring Boot's
 * PropertiesLauncher), so the engine, natives and translator classes are exactly the served ones;
 * the predictor's classes are reached by reflection because that jar is not a library.
 *
 * <p>Usage: {@code BareEngine <config-dir> <model-name> <warm-up s> <measure s> <out.json> <image>...}
 */
public final class BareEngine {

    private BareEngine() {
    }

    public static void main(String[] args) throws Exception {
        Path configDir = Path.of(args[0]);
        ModelDefinition definition = ModelCatalog.load(configDir).find(args[1]).orElseThrow(
                () -> new IllegalArgumentException("no valid model " + args[1] + " in " + configDir));
        long warmupNanos = (long) (Double.parseDouble(args[2]) * 1e9);
        long measureNanos = (long) (Double.parseDouble(args[3]) * 1e9);
        Path out = Path.of(args[4]);
        List<byte[]> images = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            images.add(Files.readAllBytes(Path.of(args[i])));
        }
        Preparation preparation = new Preparation(definition);
        int batch = definition.batch().size();
        Path artifact = Path.of(definition.artifact());
        try (ZooModel<float[], List<Prediction>> model = Criteria.builder()
            .setTypes(float[].class, predictionsType())
            .optModelPath(Files.isDirectory(artifact) ? artifact : artifact.getParent())
            .optModelName(modelName(artifact))
            .optEngine(definition.engine().name())
            .optTranslator(translator(definition))
            .build()
            .loadModel(); Predictor<float[], List<Prediction>> predictor = model.newPredictor()) {
            // Whole: bytes -> decode -> pre-process -> engine, as a worker does per batch.
            run(predictor, images, preparation, batch, warmupNanos, false, new long[1]);
            long pid = ProcessHandle.current().pid();
            double cpuBefore = ProcessStats.cpuMillis(pid);
            long[] done = new long[1];
            double whole = run(predictor, images, preparation, batch, measureNanos, false, done);
            double cpuPerImage = (ProcessStats.cpuMillis(pid) - cpuBefore) / Math.max(1, done[0]);
            // Engine only: the inputs ready beforehand.
            double engineOnly = run(predictor, images, preparation, batch, measureNanos, true, new long[1]);
            String json = String.format(Locale.ROOT,
                    "{\"model\":\"%s\",\"engine\":\"%s\",\"batch_size\":%d,\"bare_engine_ips\":%.1f,"
                            + "\"engine_only_ips\":%.1f,\"inference_ms_per_image\":%.2f,\"cpu_ms_per_image\":%.2f}%n",
                    definition.name(), definition.engine(), batch, whole, engineOnly, 1000.0 / engineOnly, cpuPerImage);
            Files.writeString(out, json);
            System.out.print(json);
        }
    }

    /** Images per second over {@code nanos}; {@code done[0]} receives the number of images. */
    private static double run(Predictor<float[], List<Prediction>> predictor, List<byte[]> images,
            Preparation preparation, int batch, long nanos, boolean inputsReady, long[] done) throws Exception {
        List<float[]> ready = new ArrayList<>();
        for (byte[] image : images) {
            ready.add(preparation.input(image));
        }
        long start = System.nanoTime();
        done[0] = 0;
        int next = 0;
        while (System.nanoTime() - start < nanos) {
            List<float[]> inputs = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++, next++) {
                int index = next % images.size();
                inputs.add(inputsReady ? ready.get(index) : preparation.input(images.get(index)));
            }
            List<List<Prediction>> results = predictor.batchPredict(inputs);
            if (results.size() != batch) {
                throw new IllegalStateException("engine returned " + results.size() + " results for " + batch);
            }
            done[0] += batch;
        }
        return done[0] / ((System.nanoTime() - start) / 1e9);
    }

    @SuppressWarnings("unchecked")
    private static Translator<float[], List<Prediction>> translator(ModelDefinition definition) throws Exception {
        Method forModel = Class.forName("dev.deeppredictor.predictor.inference.Translators")
            .getMethod("forModel", ModelDefinition.class);
        return (Translator<float[], List<Prediction>>) forModel.invoke(null, definition);
    }

    private static String modelName(Path artifact) {
        String file = artifact.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return (Files.isDirectory(artifact) || dot <= 0) ? file : file.substring(0, dot);
    }

    @SuppressWarnings("unchecked")
    private static Class<List<Prediction>> predictionsType() {
        return (Class<List<Prediction>>) (Class<?>) List.class;
    }

    /** predictor-service's ImageDecoder and ImagePreprocessor. */
    private static final class Preparation {

        private final ModelDefinition definition;

        private final Object decoder;

        private final Method decode;

        private final Object preprocessor;

        private final Method toInput;

        Preparation(ModelDefinition definition) throws Exception {
            this.definition = definition;
            Class<?> decoderType = Class.forName("dev.deeppredictor.predictor.inference.ImageDecoder");
            this.decoder = decoderType.getConstructor(long.class).newInstance(40_000_000L);
            this.decode = decoderType.getMethod("decode", byte[].class);
            Class<?> preprocessorType = Class.forName("dev.deeppredictor.predictor.inference.ImagePreprocessor");
            this.preprocessor = preprocessorType.getConstructor().newInstance();
            this.toInput = preprocessorType.getMethod("toInput", BufferedImage.class,
                    dev.deeppredictor.model.definition.Preprocessing.class);
        }

        float[] input(byte[] bytes) throws Exception {
            try {
                BufferedImage image = (BufferedImage) this.decode.invoke(this.decoder, (Object) bytes);
                return (float[]) this.toInput.invoke(this.preprocessor, image, this.definition.preprocessing());
            }
            catch (InvocationTargetException ex) {
                throw (ex.getCause() instanceof Exception cause) ? cause : ex;
            }
        }

    }

}
