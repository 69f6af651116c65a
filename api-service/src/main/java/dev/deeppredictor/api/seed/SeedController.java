package dev.deeppredictor.api.seed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.deeppredictor.api.access.UploadAccess;
import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.model.ModelDirectory;
import dev.deeppredictor.api.realm.Realm;
import dev.deeppredictor.api.realm.Realms;
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
 * image and api_key or g-recaptcha-response; {@code GET /api?prediction_id=...} and
 * {@code GET /api?predictors}. The test API ({@code /test-upload}, {@code /test-api}) takes the
 * same parameters, serves the test models from the test database and bucket, and takes api keys
 * only.
 */
@RestController
class SeedController {

    private final MultipartUploadReader reader;

    private final UploadService uploads;

    private final ModelDirectory models;

    private final UploadAccess access;

    private final Realms realms;

    SeedController(MultipartUploadReader reader, UploadService uploads, ModelDirectory models, UploadAccess access,
            Realms realms) {
        this.reader = reader;
        this.uploads = uploads;
        this.models = models;
        this.access = access;
        this.realms = realms;
    }

    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Map<String, Object>> upload(@RequestBody Flux<PartEvent> parts) {
        return upload(parts, this.realms.production());
    }

    @PostMapping(path = "/test-upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Map<String, Object>> testUpload(@RequestBody Flux<PartEvent> parts) {
        return upload(parts, this.realms.test());
    }

    @GetMapping("/api")
    Mono<Map<String, Object>> api(@RequestParam MultiValueMap<String, String> params) {
        return query(params, this.realms.production(), "/api");
    }

    @GetMapping("/test-api")
    Mono<Map<String, Object>> testApi(@RequestParam MultiValueMap<String, String> params) {
        return query(params, this.realms.test(), "/test-api");
    }

    private Mono<Map<String, Object>> upload(Flux<PartEvent> parts, Realm realm) {
        return this.reader.read(parts, realm.images(), (form) -> {
            String id = form.field("prediction_id");
            if (id == null || id.isEmpty()) {
                return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "Missing prediction id",
                        "prediction_id is required"));
            }
            return this.access.authorize(form.field("api_key"), form.field("g-recaptcha-response"), !realm.test())
                .flatMap((caller) -> this.uploads.submit(new UploadRequest(id, form.field("model_name"), form.image(),
                        null), caller, realm));
        }).map((record) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("prediction_id", record.id());
            // A repeated upload answers with where its prediction stands now.
            body.put("prediction_status", record.state().isFinal() ? record.statusCode() : StatusCode.PREDICTING.code());
            return body;
        });
    }

    private Mono<Map<String, Object>> query(MultiValueMap<String, String> params, Realm realm, String path) {
        if (params.containsKey("predictors")) {
            return Mono.just(Map.of("predictors", realm.test() ? testPredictors() : predictors()));
        }
        String id = params.getFirst("prediction_id");
        if (id == null || id.isEmpty()) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "Missing query",
                    "Ask for " + path + "?prediction_id=<id> or " + path + "?predictors"));
        }
        return realm.predictions().find(id).map(SeedJson::result).defaultIfEmpty(SeedJson.notFound());
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

    /** As the seed lists its test predictors: names only. */
    private List<Map<String, String>> testPredictors() {
        return this.models.test().stream().map((model) -> Map.of("model_name", model.name())).toList();
    }

}
