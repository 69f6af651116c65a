package dev.deeppredictor.predictor.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.deeppredictor.model.ImageLabel;
import dev.deeppredictor.model.ModelInfo;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.StatusCode;
import dev.deeppredictor.predictor.InfrastructureException;
import dev.deeppredictor.predictor.config.Realm;
import dev.deeppredictor.predictor.inference.InferenceException;
import dev.deeppredictor.predictor.inference.ModelRunner;
import dev.deeppredictor.predictor.organize.ImageOrganizer;
import dev.deeppredictor.predictor.result.Claim;
import dev.deeppredictor.predictor.result.JobOutcome;
import dev.deeppredictor.predictor.result.ResultEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch of one model's jobs: claim, prepare the images, one engine call for all good
 * images, the image action, one write for all results, then the events. A job whose image is bad fails alone; an
 * engine failure fails the images that were in the engine call; a MongoDB or object store failure
 * is thrown so that the whole batch is retried.
 */
final class BatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

    private final ModelRunner model;

    private final ImagePreparer preparer;

    private final Realm realm;

    private final ImageOrganizer organizer;

    private final ResultEvents events;

    private final String worker;

    private final JobPolicy policy;

    private final Clock clock;

    BatchProcessor(ModelRunner model, ImagePreparer preparer, Realm realm, ResultEvents events, String worker,
            JobPolicy policy, Clock clock) {
        this.policy = policy;
        this.model = model;
        this.preparer = preparer;
        this.realm = realm;
        this.organizer = new ImageOrganizer(model.definition().name(), model.definition().imageAction(),
                realm.images());
        this.events = events;
        this.worker = worker;
        this.clock = clock;
    }

    /**
     * Expired jobs end as EXPIRED; the images of the others are fetched before anything is
     * claimed, so an object store outage is retried without counting as an attempt; then the jobs
     * are claimed, those started too often end with 550 and go to the dead letters, and the rest run.
     */
    BatchResult process(List<PredictionJob> jobs) throws InfrastructureException {
        String name = this.model.definition().name();
        long start = System.nanoTime();
        Instant now = this.clock.instant();
        List<PredictionJob> live = jobs.stream().filter((job) -> !expired(job, now)).toList();
        List<PreparedImage> images = this.preparer.prepare(live,
                this.model.readsPixels() ? this.model.definition().preprocessing() : null, this.realm.images());
        long prepared = System.nanoTime();
        Claim claim = this.realm.results().claim(jobs, this.worker, now, this.policy.maxAttempts());
        List<JobOutcome> given = new ArrayList<>();
        Map<String, String> deadLetters = new LinkedHashMap<>();
        for (PredictionJob job : jobs) {
            if (!claim.holds(job.predictionId())) {
                log.info("event=job_skipped prediction_id={} model={} reason=\"record missing or already final\"",
                        job.predictionId(), name);
            }
            else if (expired(job, now)) {
                given.add(JobOutcome.expired(job, "expired: waited " + Duration.between(job.queuedAt(), now).toSeconds()
                        + " s in the queue, longer than its time-to-live of " + this.policy.jobTtl().toSeconds() + " s",
                        this.model.modelInfo(), now));
            }
            else if (claim.exhausted().contains(job.predictionId())) {
                String reason = "gave up after " + this.policy.maxAttempts() + " attempts: every start ended before a result"
                        + " was stored (a crash or a stopped worker)";
                given.add(JobOutcome.failed(job, StatusCode.BACKEND_CRASHED, reason, this.model.modelInfo(), now));
                deadLetters.put(job.predictionId(), reason);
            }
        }
        List<PreparedImage> toRun = images.stream()
            .filter((image) -> claim.runnable().contains(image.job().predictionId()))
            .toList();
        List<JobOutcome> outcomes = new ArrayList<>(this.organizer.file(run(toRun)));
        outcomes.addAll(given);
        if (outcomes.isEmpty()) {
            return new BatchResult(List.of(), Map.of());
        }
        long inferred = System.nanoTime();
        this.realm.results().complete(outcomes, this.worker);
        List<JobOutcome> notCleaned = this.organizer.cleanUp(outcomes);
        this.realm.results().imageActionFailed(notCleaned, this.worker);
        outcomes = ImageOrganizer.merge(outcomes, notCleaned);
        long stored = System.nanoTime();
        this.events.publish(outcomes);
        long failed = outcomes.stream().filter((outcome) -> outcome.status() != StatusCode.DONE).count();
        log.info("event=batch_done model={} size={} succeeded={} failed={} prepare_ms={} inference_ms={} "
                + "store_ms={} publish_ms={}", name, outcomes.size(), outcomes.size() - failed, failed,
                millis(prepared - start), millis(inferred - prepared), millis(stored - inferred),
                millis(System.nanoTime() - stored));
        return new BatchResult(outcomes, deadLetters);
    }

    private boolean expired(PredictionJob job, Instant now) {
        return job.queuedAt() != null && job.queuedAt().plus(this.policy.jobTtl()).isBefore(now);
    }

    private List<JobOutcome> run(List<PreparedImage> images) {
        ModelInfo info = this.model.modelInfo();
        List<PreparedImage> ready = images.stream().filter(PreparedImage::isReady).toList();
        List<List<Prediction>> predictions = null;
        double secondsPerImage = 0;
        String engineError = null;
        if (!ready.isEmpty()) {
            long start = System.nanoTime();
            try {
                predictions = this.model.predict(ready.stream().map(PreparedImage::input).toList());
                secondsPerImage = perImage(System.nanoTime() - start, ready.size());
            }
            catch (InferenceException ex) {
                engineError = "the engine failed: " + ex.getMessage();
                log.error("event=inference_failed model={} size={} error=\"{}\"", this.model.definition().name(),
                        ready.size(), ex.getMessage(), ex);
            }
        }
        Instant now = this.clock.instant();
        List<JobOutcome> outcomes = new ArrayList<>(images.size());
        int next = 0;
        for (PreparedImage image : images) {
            PredictionJob job = image.job();
            if (!image.isReady()) {
                outcomes.add(JobOutcome.failed(job, image.failure(), image.error(), info, now));
            }
            else if (predictions == null) {
                outcomes.add(JobOutcome.failed(job, StatusCode.BACKEND_CRASHED, engineError, info, now));
            }
            else {
                List<Prediction> found = predictions.get(next++);
                String label = ImageLabel.of(found, this.model.definition().confidenceThreshold());
                outcomes.add(JobOutcome.succeeded(job, found, label, secondsPerImage, info, now));
            }
        }
        outcomes.stream()
            .filter((outcome) -> outcome.status() != StatusCode.DONE)
            .forEach((outcome) -> log.warn("event=prediction_failed prediction_id={} model={} status={} error=\"{}\"",
                    outcome.job().predictionId(), outcome.job().model(), outcome.status().code(), outcome.error()));
        return outcomes;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * The engine time of a batch shared equally by its images, in seconds with 3 decimals. A
     * per-image share keeps the seed's meaning ("what this image cost") and adds up to the real
     * engine time over all records, whatever the batch size was.
     */
    static double perImage(long batchNanos, int images) {
        return Math.round(batchNanos / 1e6 / images) / 1000d;
    }

}
