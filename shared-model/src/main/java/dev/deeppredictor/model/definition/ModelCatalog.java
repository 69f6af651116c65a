package dev.deeppredictor.model.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The models defined in a config folder's {@code models/*.yml} files. A file that cannot be used
 * is reported in {@link #errors()} and left out; the other models are still served.
 *
 * @param models the usable models, by file name order
 * @param errors one message per unusable file, naming the file and the field
 */
public record ModelCatalog(List<ModelDefinition> models, List<String> errors) {

    private static final YAMLMapper YAML = YAMLMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        // An absent number or flag takes its default (0 or false), filled in by the rules.
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();

    /** Reads every {@code *.yml} and {@code *.yaml} file of {@code <configDir>/models}. */
    public static ModelCatalog load(Path configDir) {
        Path modelsDir = configDir.resolve("models");
        Map<String, ModelDefinition> byName = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (Path file : modelFiles(modelsDir)) {
            try {
                ModelDefinition model = read(file, configDir);
                if (byName.containsKey(model.name())) {
                    throw new ModelDefinitionException(
                            file.getFileName() + ": name '" + model.name() + "' is already defined by another file");
                }
                byName.put(model.name(), model);
            }
            catch (ModelDefinitionException ex) {
                errors.add(ex.getMessage());
            }
        }
        return new ModelCatalog(List.copyOf(byName.values()), List.copyOf(errors));
    }

    /** Reads and checks one model file; relative artifact paths are resolved against {@code configDir}. */
    public static ModelDefinition read(Path file, Path configDir) {
        String fileName = file.getFileName().toString();
        ModelDefinition raw;
        try {
            raw = YAML.readValue(file.toFile(), ModelDefinition.class);
        }
        catch (JacksonException ex) {
            throw new ModelDefinitionException(fileName + ": " + field(ex) + ex.getOriginalMessage(), ex);
        }
        if (raw == null) {
            throw new ModelDefinitionException(fileName + ": the file is empty");
        }
        return ModelDefinitionRules.check(fileName, raw, configDir);
    }

    /** "engine: " or "preprocessing.layout: " for the field the error is in, as the file spells it. */
    private static String field(JacksonException ex) {
        String path = ex.getPath()
            .stream()
            .map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
                    : "[" + reference.getIndex() + "]")
            .collect(java.util.stream.Collectors.joining("."))
            .replace(".[", "[");
        return path.isEmpty() ? "" : path + ": ";
    }

    /** The model with this name, if defined. */
    public java.util.Optional<ModelDefinition> find(String name) {
        return this.models.stream().filter((model) -> model.name().equals(name)).findFirst();
    }

    private static List<Path> modelFiles(Path modelsDir) {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(modelsDir)) {
            return files.filter((path) -> {
                String name = path.getFileName().toString();
                return name.endsWith(".yml") || name.endsWith(".yaml");
            }).sorted().toList();
        }
        catch (IOException ex) {
            throw new ModelDefinitionException("Cannot list model files in " + modelsDir + ": " + ex.getMessage(), ex);
        }
    }

}
