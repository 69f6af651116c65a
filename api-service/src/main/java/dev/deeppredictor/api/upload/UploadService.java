package dev.deeppredictor.api.upload;

import java.time.Instant;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.messaging.JobPublisher;
import dev.deeppredictor.api.model.ModelDirectory;
import dev.deeppredictor.api.prediction.PredictionStore;
import dev.deeppredictor.api.storage.ObjectStore;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.StatusCode;
import dev.deeppredictor.model.definition.ModelDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Accepts an upload: checks it, claims the prediction id with a QUEUED record, stores the image
 * and publishes the job with a broker confirm. The record is written first because its unique id
 * is what makes a second upload with the same id fail before it can overwrite the first image.
 */
@Service
public class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);

    private final ModelDirectory models;

    private final PredictionIds ids;

    private final ImageInspector inspector;

    private final ObjectStore store;

    private final PredictionStore predictions;

    private final JobPublisher publisher;

    private final String defaultModel;

    UploadService(ModelDirectory models, PredictionIds ids, ImageInspector inspector, ObjectStore store,
            PredictionStore predictions, JobPublisher publisher, ApiProperties properties) {
        this.models = models;
        this.ids = ids;
        this.inspector = inspector;
        this.store = store;
        this.predictions = predictions;
        this.publisher = publisher;
        this.defaultModel = properties.upload().defaultModel();
    }

    /** Accepts the upload and returns its QUEUED record once the job is safely queued. */
    public Mono<PredictionRecord> submit(UploadRequest request) {
        return Mono.fromCallable(() -> prepare(request))
            // Decoding the image is CPU work: off the event loop.
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap((job) -> accept(job, request));
    }

    private PredictionJob prepare(UploadRequest request) {
        ModelDefinition model = model(request.model());
        String id = (request.predictionId() == null) ? this.ids.generate() : this.ids.check(request.predictionId());
        if (request.image() == null || request.image().length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Missing image", "The multipart field 'image' is required",
                    StatusCode.IMAGE_NOT_SUPPORTED);
        }
        InspectedImage image = this.inspector.inspect(request.image());
        String key = "uploads/" + model.name() + "/" + id + "." + image.extension();
        return new PredictionJob(id, model.name(), key, image.mediaType(), Instant.now(), false);
    }

    private Mono<PredictionRecord> accept(PredictionJob job, UploadRequest request) {
        return this.predictions.insert(PredictionRecord.queued(job, request.clientId()))
            .onErrorMap(DuplicateKeyException.class, (ex) -> new ApiException(HttpStatus.CONFLICT,
                    "Prediction id already used", "A prediction with id " + job.predictionId() + " already exists"))
            .flatMap((record) -> this.store.put(job.imageKey(), request.image(), job.contentType())
                .onErrorResume((ex) -> failed(job, StatusCode.IMAGE_STORAGE_ERROR, "image could not be stored", ex,
                        new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable",
                                "The image could not be stored; retry later", StatusCode.IMAGE_STORAGE_ERROR)))
                .then(this.publisher.publish(job)
                    .onErrorResume((ex) -> this.store.delete(job.imageKey())
                        .onErrorResume((deleteError) -> Mono.empty())
                        .then(failed(job, StatusCode.GENERAL_ERROR, "job could not be queued", ex, ex))))
                .thenReturn(record))
            .doOnNext((record) -> log.info("event=accepted prediction_id={} model={} bytes={}", job.predictionId(),
                    job.model(), request.image().length));
    }

    private Mono<Void> failed(PredictionJob job, StatusCode status, String reason, Throwable cause, Throwable toClient) {
        log.warn("event=upload-failed prediction_id={} model={} reason=\"{}: {}\"", job.predictionId(), job.model(),
                reason, cause.getMessage());
        return this.predictions.fail(job.predictionId(), status, reason)
            .onErrorResume((ex) -> Mono.empty())
            .then(Mono.error(toClient));
    }

    private ModelDefinition model(String name) {
        String wanted = (name == null || name.isBlank()) ? this.defaultModel : name;
        return this.models.find(wanted).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "Unknown model",
                "No model named '" + wanted + "'; GET /api/v1/models lists them"));
    }

}
