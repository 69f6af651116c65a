package dev.deeppredictor.api.prediction;

import java.net.URI;

import dev.deeppredictor.api.access.UploadAccess;
import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.realm.Realms;
import dev.deeppredictor.api.upload.MultipartUploadReader;
import dev.deeppredictor.api.upload.UploadRequest;
import dev.deeppredictor.api.upload.UploadService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The modern prediction API: {@code POST /api/v1/predictions} answers 202 with the new
 * prediction's location; {@code GET /api/v1/predictions/{id}} shows it.
 */
@RestController
class PredictionController {

    static final String API_KEY_HEADER = "X-API-Key";

    private final MultipartUploadReader reader;

    private final UploadService uploads;

    private final PredictionStore predictions;

    private final UploadAccess access;

    private final Realms realms;

    PredictionController(MultipartUploadReader reader, UploadService uploads, PredictionStore predictions,
            UploadAccess access, Realms realms) {
        this.reader = reader;
        this.uploads = uploads;
        this.predictions = predictions;
        this.access = access;
        this.realms = realms;
    }

    @PostMapping(path = "/api/v1/predictions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<PredictionView>> create(@RequestHeader(name = API_KEY_HEADER, required = false) String apiKey,
            @RequestBody Flux<PartEvent> parts) {
        return this.reader.read(parts, this.realms.production().images(), (form) -> {
            UploadRequest request = new UploadRequest(emptyToNull(form.field("id")), form.field("model"), form.image(),
                    emptyToNull(form.field("client_id")));
            return this.access
                .authorize((apiKey != null) ? apiKey : form.field("api_key"), form.field("g-recaptcha-response"), true)
                .flatMap((caller) -> this.uploads.submit(request, caller, this.realms.production()));
        })
            .map((record) -> ResponseEntity.accepted()
                .location(URI.create("/api/v1/predictions/" + record.id()))
                .body(PredictionView.of(record)));
    }

    @GetMapping("/api/v1/predictions/{id}")
    Mono<PredictionView> get(@PathVariable String id) {
        return this.predictions.find(id)
            .map(PredictionView::of)
            .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, "Prediction not found",
                    "No prediction with id " + id)));
    }

    private static String emptyToNull(String value) {
        return (value == null || value.isEmpty()) ? null : value;
    }

}
