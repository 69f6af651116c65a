package dev.deeppredictor.api.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.deeppredictor.model.definition.ModelDefinition;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists the models of the modern API.
 */
@RestController
class ModelController {

    private final ModelDirectory models;

    ModelController(ModelDirectory models) {
        this.models = models;
    }

    @GetMapping("/api/v1/models")
    ModelList models() {
        return new ModelList(this.models.production().stream().map(ModelView::of).toList());
    }

    record ModelList(List<ModelView> models) {
    }

    record ModelView(String name, @JsonProperty("frontend_name") String frontendName, String description,
            String engine, String task, List<String> labels) {

        static ModelView of(ModelDefinition model) {
            return new ModelView(model.name(), model.frontendName(), model.description(), model.engine().name(),
                    model.task().name(), model.labels());
        }

    }

}
