package dev.deeppredictor.api.upload;

import java.time.Instant;
import java.util.Objects;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.api.messaging.JobPublisher;
import dev.deeppredictor.api.messaging.QueueDepths;
import dev.deeppredictor.api.model.ModelDirectory;
import dev.deeppredictor.api.realm.Realm;
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
 * and publishes the job with a broker confirm, then marks the record published.
 * <p>
 * The record is written first because its unique id is what makes a second upload with the same
 * id fail before it can overwrite the first image. When the same caller repeats the same upload
 * (same id, model and image), the existing prediction is the answer: a client may safely retry an
 * upload whose answer it never got. When the job cannot be queued, the record and the image are
 * removed again and the client gets 503, so that its retry starts afresh; if the API dies before
 * that, the record stays unpublished and the reconciler publishes it.
 */
@Service
public class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);

    /** At most this many generated ids are tried for one upload (only a tiny id space runs out). */
    private static final int GENERATED_ID_TRIES = 5;

    private final ModelDirectory models;

    private final PredictionIds ids;

    private final ImageInspector inspector;

    private final JobPublisher publisher;

    private final QueueDepths queues;

    private final ApiProperties.Upload settings;

    UploadService(ModelDirectory models, PredictionIds ids, ImageInspector inspector, JobPublisher publisher,
            QueueDepths queues, ApiProperties properties) {
        this.queues = queues;
        this.models = models;
        this.ids = ids;
        this.inspector = inspector;
        this.publisher = publisher;
        this.settings = properties.upload();
    }

    /**
     * Accepts the upload into {@code realm} for {@code caller} and returns its record once the job
     * is safely queued, or the existing record of the same upload made before.
     */
    public Mono<PredictionRecord> submit(UploadRequest request, String caller, Realm realm) {
        return Mono.fromCallable(() -> prepare(request, caller, realm))
            // Decoding a held image is CPU work: off the event loop.
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap((upload) -> accept(upload, request, realm));
    }

    private Upload prepare(UploadRequest request, String caller, Realm realm) {
        ModelDefinition model = model(request.model(), realm);
        if (request.image() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Missing image", "The multipart field 'image' is required",
                    StatusCode.IMAGE_NOT_SUPPORTED);
        }
        String chosenId = chosenId(request, caller);
        this.queues.requireRoom(model.name());
        InspectedImage image = request.image().inspect(this.inspector);
        // Only an id the client chose can be used again, so only then is the digest needed to tell
        // a repeated upload from a clash (and the SHA-256 of a photo is slow Java under C1).
        boolean chosen = chosenId != null;
        return new Upload(chosen ? chosenId : this.ids.generate(), chosen, model.name(), image, request.clientId(),
                caller, chosen ? request.image().sha256Hex() : null, realm.test());
    }

    /** The id the client chose (a prediction id, or one derived from its client id), or null. */
    private String chosenId(UploadRequest request, String caller) {
        if (request.predictionId() != null) {
            return this.ids.check(request.predictionId());
        }
        if (request.clientId() != null) {
            return ClientIds.predictionId(caller, request.clientId(), this.settings.predictionIdLength(),
                    this.settings.predictionIdCharacters());
        }
        return null;
    }

    private Mono<PredictionRecord> accept(Upload upload, UploadRequest request, Realm realm) {
        PredictionJob job = upload.job();
        return realm.predictions()
            .insert(upload.record())
            .flatMap((record) -> request.image()
                .storeAt(realm.images(), job.imageKey(), job.contentType())
                .onErrorResume((ex) -> undo(job, realm, "image could not be stored", ex,
                        new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable",
                                "The image could not be stored; retry later", StatusCode.IMAGE_STORAGE_ERROR)))
                .then(this.publisher.publish(job)
                    .onErrorResume((ex) -> undo(job, realm, "job could not be queued", ex, ex)))
                .then(realm.predictions().markPublished(job.predictionId()).onErrorResume((ex) -> Mono.empty()))
                .thenReturn(record)
                .doOnNext((accepted) -> log.info("event=accepted prediction_id={} model={} realm={} caller={} bytes={}",
                        job.predictionId(), job.model(), realm.name(), accepted.caller(), request.image().size())))
            .onErrorResume(DuplicateKeyException.class, (ex) -> upload.chosen() ? repeated(upload, realm)
                    : accept(upload.renamed(this.ids.generate()), request, realm));
    }

    /**
     * The id the client chose is taken: the same upload repeated gets its prediction, anything else
     * a 409. (A generated id that is taken is simply replaced by another.)
     */
    private Mono<PredictionRecord> repeated(Upload upload, Realm realm) {
        PredictionRecord wanted = upload.record();
        return realm.predictions()
            .find(wanted.id())
            .filter((existing) -> Objects.equals(existing.caller(), wanted.caller())
                    && Objects.equals(existing.model(), wanted.model())
                    && Objects.equals(existing.imageDigest(), wanted.imageDigest()))
            .doOnNext((existing) -> log.info("event=upload-repeated prediction_id={} model={} caller={}", existing.id(),
                    existing.model(), existing.caller()))
            .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.CONFLICT, "Prediction id already used",
                    "A prediction with id " + wanted.id() + " already exists; choose another id (repeating the "
                            + "same upload with the same key returns the existing prediction)")));
    }

    /** Takes back a half-done upload so that nothing of it stays and a retry starts afresh. */
    private Mono<Void> undo(PredictionJob job, Realm realm, String reason, Throwable cause, Throwable toClient) {
        log.warn("event=upload-failed prediction_id={} model={} reason=\"{}: {}\"", job.predictionId(), job.model(),
                reason, cause.getMessage());
        return realm.images()
            .delete(job.imageKey())
            .onErrorResume((ex) -> Mono.empty())
            .then(realm.predictions().deleteUnpublished(job.predictionId()).onErrorResume((ex) -> Mono.empty()))
            .then(Mono.error(toClient));
    }

    private ModelDefinition model(String name, Realm realm) {
        String wanted = (name == null || name.isBlank()) ? defaultModel(realm) : name;
        return this.models.find(wanted, realm.test())
            .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "Unknown model", "No model named '" + wanted
                    + "'; " + (realm.test() ? "GET /test-api?predictors" : "GET /api?predictors") + " lists them"));
    }

    /** The seed's default predictor; the test API's default is its first test model. */
    private String defaultModel(Realm realm) {
        if (!realm.test()) {
            return this.settings.defaultModel();
        }
        return this.models.test().stream().findFirst().map(ModelDefinition::name).orElse("");
    }

    /** An upload ready to be accepted under {@code id}, chosen by the client or generated. */
    private record Upload(String id, boolean chosen, String model, InspectedImage image, String clientId,
            String caller, String digest, boolean test, Instant queuedAt, int tries) {

        Upload(String id, boolean chosen, String model, InspectedImage image, String clientId, String caller,
                String digest, boolean test) {
            this(id, chosen, model, image, clientId, caller, digest, test, Instant.now(), 1);
        }

        PredictionJob job() {
            return new PredictionJob(this.id, this.model, "uploads/" + this.model + "/" + this.id + "."
                    + this.image.extension(), this.image.mediaType(), this.queuedAt, this.test);
        }

        PredictionRecord record() {
            return PredictionRecord.queued(job(), this.clientId, this.caller, this.digest);
        }

        /** The same upload under another generated id; a 503 when the configured ids seem used up. */
        Upload renamed(String newId) {
            if (this.tries >= GENERATED_ID_TRIES) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "No free prediction id",
                        GENERATED_ID_TRIES + " generated prediction ids were all taken; deep-predictor.upload."
                                + "prediction-id-length is too short for the number of predictions kept");
            }
            return new Upload(newId, false, this.model, this.image, this.clientId, this.caller, this.digest,
                    this.test, this.queuedAt, this.tries + 1);
        }
    }

}
