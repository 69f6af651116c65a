package dev.deeppredictor.api.seed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.deeppredictor.api.access.ApiKeys;
import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.model.ModelDirectory;
import dev.deeppredictor.api.prediction.PredictionStore;
import dev.deeppredictor.api.upload.MultipartUploadReader;
import dev.deeppredictor.api.upload.UploadRequest;
import dev.deeppredictor.api.upload.UploadService;
import dev.deeppredictor.model.StatusCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed project's API, field for field: {@code POST /upload} with prediction_id, model_name,
 * image and api_key; {@code GET /api?prediction_id=...} and {@code GET /api?predictors}.
 */
@RestController
class SeedController {

    private final MultipartUploadReader reader;

    private final UploadService uploads;

    private final PredictionStore predictions;

    private final ModelDirectory models;

    private final ApiKeys apiKeys;

    SeedController(MultipartUploadReader reader, UploadService uploads, PredictionStore predictions,
            ModelDirectory models, ApiKeys apiKeys) {
        this.reader = reader;
        this.uploads = uploads;
        this.predictions = predictions;
        this.models = models;
        this.apiKeys = apiKeys;
    }

    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Map<String, Object>> upload(@RequestBody Flux<PartEvent> parts) {
        return this.reader.read(parts).flatMap((form) -> {
            this.apiKeys.require(form.field("api_key"));
            String id = form.field("prediction_id");
            if (id == null || id.isEmpty()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "Missing prediction id", "prediction_id is required");
            }
            return this.uploads.submit(new UploadRequest(id, form.field("model_name"), form.image(), null));
        }).map((record) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("prediction_id", record.id());
            body.put("prediction_status", StatusCode.PREDICTING.code());
            return body;
        });
    }

    @GetMapping("/api")
    Mono<Map<String, Object>> api(@RequestParam MultiValueMap<String, String> params) {
        if (params.containsKey("predictors")) {
            return Mono.just(Map.of("predictors", predictors()));
        }
        String id = params.getFirst("prediction_id");
        if (id == null || id.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Missing query",
                    "Ask for /api?prediction_id=<id> or /api?predictors");
        }
        return this.predictions.find(id)
            .map(SeedJson::result)
            .defaultIfEmpty(SeedJson.notFound());
    }

    private List<Map<String, String>> predictors() {
        return this.models.production().stream().map((model) -> {
            Map<String, String> predictor = new LinkedHashMap<>();
            predictor.put("frontend_name", model.frontendName());
            predictor.put("model_name", model.name());
            predictor.put("model_description", model.description());
            return predictor;
        }).toList();
    }

}
