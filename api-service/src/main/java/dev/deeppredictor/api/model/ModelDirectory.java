package dev.deeppredictor.api.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.model.definition.ModelCatalog;
import dev.deeppredictor.model.definition.ModelDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The models uploads may name, read once at start-up from the config folder's model files.
 */
@Component
public class ModelDirectory {

    private static final Logger log = LoggerFactory.getLogger(ModelDirectory.class);

    private final ModelCatalog catalog;

    ModelDirectory(ApiProperties properties) {
        Path configDir = Path.of(properties.configDir()).toAbsolutePath();
        this.catalog = ModelCatalog.load(configDir);
        this.catalog.errors().forEach((error) -> log.error("event=model-rejected reason=\"{}\"", error));
        log.info("event=models-loaded config_dir={} models={}", configDir, names());
    }

    /** The production models (test models excluded), in file order. */
    public List<ModelDefinition> production() {
        return this.catalog.models().stream().filter((model) -> !model.test()).toList();
    }

    /** A production model by name. */
    public Optional<ModelDefinition> find(String name) {
        return find(name, false);
    }

    /** A model by name among the test models ({@code test}) or the production ones. */
    public Optional<ModelDefinition> find(String name, boolean test) {
        return this.catalog.find(name).filter((model) -> model.test() == test);
    }

    /** The test models, for the test API. */
    public List<ModelDefinition> test() {
        return this.catalog.models().stream().filter(ModelDefinition::test).toList();
    }

    /** The names of all defined models, test models included: each has a queue. */
    public List<String> names() {
        return this.catalog.models().stream().map(ModelDefinition::name).toList();
    }

}
