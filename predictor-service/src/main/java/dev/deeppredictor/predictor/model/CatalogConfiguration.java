package dev.deeppredictor.predictor.model;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.deeppredictor.model.definition.ModelCatalog;
import dev.deeppredictor.predictor.config.PredictorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.minio.MinioClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reads the model definitions once at start-up and loads every usable model. A broken definition
 * or artifact costs only that model: the problem is logged and the others are served.
 */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CatalogConfiguration.class);

    @Bean
    ModelCatalog modelCatalog(PredictorProperties properties) {
        Path configDir = Path.of(properties.configDir()).toAbsolutePath().normalize();
        if (!Files.isDirectory(configDir.resolve("models"))) {
            log.warn("event=catalog_empty config_dir={} reason=\"no models folder\"", configDir);
        }
        ModelCatalog catalog = ModelCatalog.load(configDir);
        catalog.errors().forEach((error) -> log.error("event=model_definition_invalid config_dir={} error=\"{}\"",
                configDir, error));
        log.info("event=catalog_loaded config_dir={} models={} invalid={}", configDir, catalog.models().size(),
                catalog.errors().size());
        return catalog;
    }

    @Bean
    ModelLoader modelLoader(@Value("${deep-predictor.artifact-cache:}") String artifactCache,
            ObjectProvider<MinioClient> minio) {
        Path cache = artifactCache.isBlank() ? ArtifactFetcher.DEFAULT_CACHE : Path.of(artifactCache);
        return new ModelLoader(new ArtifactFetcher(cache, minio.getIfAvailable()));
    }

    @Bean
    ModelRegistry modelRegistry(ModelCatalog catalog, ModelLoader modelLoader) {
        return new ModelRegistry(catalog, modelLoader);
    }

}
