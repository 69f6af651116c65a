package dev.deeppredictor.api.admin;

import java.util.Map;
import java.util.function.Predicate;

import dev.deeppredictor.api.access.ApiKeys;
import dev.deeppredictor.api.messaging.JobPublisher;
import dev.deeppredictor.api.realm.Realms;
import dev.deeppredictor.model.PredictionJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of the dead-letter queue, for admin keys: list what was given up and why, replay
 * jobs (their record goes back to QUEUED and the job to its model's queue), or discard them.
 */
@RestController
class DeadLetterController {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterController.class);

    private final DeadLetters deadLetters;

    private final ApiKeys keys;

    private final Realms realms;

    private final JobPublisher publisher;

    DeadLetterController(DeadLetters deadLetters, ApiKeys keys, Realms realms, JobPublisher publisher) {
        this.deadLetters = deadLetters;
        this.keys = keys;
        this.realms = realms;
        this.publisher = publisher;
    }

    @GetMapping("/api/v1/admin/dead-letters")
    Mono<Map<String, Object>> list(@RequestHeader(name = "X-API-Key", required = false) String key,
            @RequestParam(defaultValue = "100") int limit) {
        this.keys.requireAdmin(key);
        return Mono.fromCallable(() -> this.deadLetters.list(Math.max(1, Math.min(limit, 1000))))
            .subscribeOn(Schedulers.boundedElastic())
            .map((letters) -> Map.of("dead_letters", letters, "count", letters.size()));
    }

    /** Replays the dead letters of one prediction id, or every job among them without one. */
    @PostMapping("/api/v1/admin/dead-letters/replay")
    Mono<Map<String, Object>> replay(@RequestHeader(name = "X-API-Key", required = false) String key,
            @RequestParam(name = "prediction_id", required = false) String predictionId) {
        String admin = this.keys.requireAdmin(key);
        Predicate<DeadLetter> chosen = (letter) -> letter.predictionId() != null
                && (predictionId == null || predictionId.equals(letter.predictionId()));
        return Mono.fromCallable(() -> this.deadLetters.take(chosen, (letter, job) -> replay(job, admin)))
            .subscribeOn(Schedulers.boundedElastic())
            .map((count) -> Map.of("replayed", count));
    }

    @DeleteMapping("/api/v1/admin/dead-letters")
    Mono<Map<String, Object>> discard(@RequestHeader(name = "X-API-Key", required = false) String key,
            @RequestParam(name = "prediction_id", required = false) String predictionId) {
        String admin = this.keys.requireAdmin(key);
        Predicate<DeadLetter> chosen = (letter) -> predictionId == null || predictionId.equals(letter.predictionId());
        return Mono.fromCallable(() -> this.deadLetters.take(chosen, (letter, job) -> log.info(
                "event=dead-letter-discarded prediction_id={} queue={} admin={}", letter.predictionId(), letter.queue(),
                admin)))
            .subscribeOn(Schedulers.boundedElastic())
            .map((count) -> Map.of("discarded", count));
    }

    /** Runs on the dead-letter channel's thread: blocking is fine there. */
    private void replay(PredictionJob job, String admin) {
        if (job == null) {
            throw new IllegalStateException("a dead letter with a prediction id is not a readable job");
        }
        (job.test() ? this.realms.test() : this.realms.production()).predictions()
            .requeue(job.predictionId())
            .then(this.publisher.publish(job))
            .block();
        log.info("event=dead-letter-replayed prediction_id={} model={} admin={}", job.predictionId(), job.model(), admin);
    }

}
