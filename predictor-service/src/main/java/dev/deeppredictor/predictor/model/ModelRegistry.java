package dev.deeppredictor.predictor.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.deeppredictor.model.definition.ModelCatalog;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.predictor.inference.ModelRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models this process serves, each loaded once at start-up and closed at shutdown.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final Map<String, ModelRunner> models;

    private final Map<String, String> failures;

    ModelRegistry(ModelCatalog catalog, ModelLoader loader) {
        Map<String, ModelRunner> loaded = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (ModelDefinition definition : catalog.models()) {
            try {
                loaded.put(definition.name(), loader.serve(definition));
            }
            catch (ModelLoadException ex) {
                failed.put(definition.name(), ex.getMessage());
                log.error("event=model_load_failed model={} artifact={} error=\"{}\"", definition.name(),
                        definition.artifact(), ex.getMessage());
            }
        }
        this.models = loaded;
        this.failures = failed;
    }

    /** The names of the models being served. */
    public List<String> modelNames() {
        return List.copyOf(this.models.keySet());
    }

    /** The models being served. */
    public List<ModelRunner> runners() {
        return List.copyOf(this.models.values());
    }

    /** Why each model that should have been served is not, by model name. */
    public Map<String, String> failures() {
        return Map.copyOf(this.failures);
    }

    @Override
    public void close() {
        List<ModelRunner> toClose = new ArrayList<>(this.models.values());
        this.models.clear();
        for (ModelRunner model : toClose) {
            try {
                // DJL models hold native memory; a no-op model holds nothing to close.
                if (model instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
            catch (Exception ex) {
                log.warn("event=model_close_failed model={} error=\"{}\"", model.definition().name(), ex.getMessage());
            }
        }
    }

}
