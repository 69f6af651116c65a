package dev.deeppredictor.api.web;

import java.time.Duration;

import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.prediction.PredictionStore;
import dev.deeppredictor.api.storage.ObjectStore;
import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.StatusCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The uploaded image of a prediction, streamed from the object store, so the result page can draw
 * boxes over it when the browser no longer holds its own copy.
 */
@RestController
class PredictionImageController {

    private static final int CHUNK = 64 * 1024;

    private final PredictionStore predictions;

    private final ObjectStore objects;

    PredictionImageController(PredictionStore predictions, ObjectStore objects) {
        this.predictions = predictions;
        this.objects = objects;
    }

    @GetMapping("/api/v1/predictions/{id}/image")
    Mono<ResponseEntity<Flux<DataBuffer>>> image(@PathVariable String id) {
        return this.predictions.find(id)
            .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, "Prediction not found",
                    "No prediction with id " + id, StatusCode.NOT_FOUND)))
            .flatMap((record) -> this.objects.get(record.imageKey())
                .map((stream) -> ResponseEntity.ok()
                    .contentType(mediaType(record))
                    // The image of an id never changes; the id is its only secret, so no shared caches.
                    .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                    .body(DataBufferUtils
                        .readInputStream(() -> stream, DefaultDataBufferFactory.sharedInstance, CHUNK)
                        .subscribeOn(Schedulers.boundedElastic())))
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, "Image not found",
                        "The image of prediction " + id + " is no longer stored"))));
    }

    private static MediaType mediaType(PredictionRecord record) {
        return (record.contentType() != null) ? MediaType.parseMediaType(record.contentType())
                : MediaType.APPLICATION_OCTET_STREAM;
    }

}
