package dev.deeppredictor.predictor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.predictor.inference.ModelRunner;
import dev.deeppredictor.predictor.inference.Translators;
import dev.deeppredictor.predictor.inference.noop.NoOpRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one model's artifact with the DJL engine its definition names, then runs one input of
 * zeros through it so that a model that cannot serve (wrong input shape, wrong number of classes)
 * is found at start-up rather than at its first job.
 */
final class ModelLoader {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final ArtifactFetcher fetcher;

    /** Local artifacts and http(s) URLs, downloads cached in the default folder; no object store. */
    ModelLoader() {
        this(new ArtifactFetcher());
    }

    ModelLoader(ArtifactFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * The runner of a definition: a DJL model, or for engine {@code NoOp} a fixed answer that
     * touches neither DJL nor an artifact.
     */
    ModelRunner serve(ModelDefinition definition) throws ModelLoadException {
        if (definition.engine() == ModelDefinition.Engine.NoOp) {
            NoOpRunner runner = new NoOpRunner(definition);
            log.info("event=model_loaded model={} engine={} answer={} sleep_ms={}", definition.name(),
                    NoOpRunner.BACKEND, definition.noop().className(), definition.noop().sleepMs());
            return runner;
        }
        return load(definition);
    }

    LoadedModel load(ModelDefinition definition) throws ModelLoadException {
        Path artifact = this.fetcher.fetch(definition);
        Translator<float[], List<Prediction>> translator = translator(definition);
        long start = System.nanoTime();
        ZooModel<float[], List<Prediction>> model;
        try {
            model = Criteria.builder()
                .setTypes(float[].class, predictionsType())
                .optModelPath(Files.isDirectory(artifact) ? artifact : artifact.getParent())
                .optModelName(modelName(artifact))
                .optEngine(definition.engine().name())
                .optTranslator(translator)
                .build()
                .loadModel();
        }
        catch (ModelException | IOException | RuntimeException | LinkageError ex) {
            // LinkageError: a native library that is missing or does not fit this machine.
            throw new ModelLoadException("model " + definition.name() + ": engine " + definition.engine() + " cannot load "
                    + definition.artifact() + " (" + artifact + "): "
                    + LoadedModel.summary(ex), ex);
        }
        long loaded = System.nanoTime();
        LoadedModel loadedModel = new LoadedModel(definition, model);
        try {
            loadedModel.warmUp();
        }
        catch (Exception ex) {
            loadedModel.close();
            throw new ModelLoadException("trial prediction failed: " + LoadedModel.summary(ex), ex);
        }
        log.info("event=model_loaded model={} engine={} artifact={} load_ms={} warmup_ms={} predictors={}",
                definition.name(), loadedModel.modelInfo().predictorBackend(), artifact, (loaded - start) / 1_000_000,
                (System.nanoTime() - loaded) / 1_000_000, definition.concurrency());
        return loadedModel;
    }

    private static Translator<float[], List<Prediction>> translator(ModelDefinition definition)
            throws ModelLoadException {
        try {
            return Translators.forModel(definition);
        }
        catch (UnsupportedOperationException ex) {
            throw new ModelLoadException(ex.getMessage(), ex);
        }
    }

    /**
     * DJL looks for {@code <folder>/<name>.<engine's extension>}; naming the file this way rather
     * than passing the file itself keeps DJL from treating it as an unpacked archive.
     */
    private static String modelName(Path artifact) {
        String file = artifact.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return (Files.isDirectory(artifact) || dot <= 0) ? file : file.substring(0, dot);
    }

    @SuppressWarnings("unchecked")
    private static Class<List<Prediction>> predictionsType() {
        return (Class<List<Prediction>>) (Class<?>) List.class;
    }

}
