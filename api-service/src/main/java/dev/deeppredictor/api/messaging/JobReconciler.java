package dev.deeppredictor.api.messaging;

import java.time.Instant;
import java.util.List;

import dev.deeppredictor.api.realm.Realm;
import dev.deeppredictor.api.realm.Realms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes jobs whose upload was accepted but whose publish was never confirmed: the API died
 * between writing the record and the broker's confirm. Such a record stays QUEUED without
 * {@code publishedAt}; once it is older than the grace period it is published again. Should the
 * first publish have reached the broker after all, the predictor runs the job once and skips the
 * second message, since results are only ever written to records that are not final.
 */
@Component
class JobReconciler {

    private static final Logger log = LoggerFactory.getLogger(JobReconciler.class);

    private final List<Realm> realms;

    private final JobPublisher publisher;

    private final ReconcilerProperties settings;

    JobReconciler(Realms realms, JobPublisher publisher, ReconcilerProperties settings) {
        this.realms = List.of(realms.production(), realms.test());
        this.publisher = publisher;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "${deep-predictor.reconciler.interval:10s}",
            initialDelayString = "${deep-predictor.reconciler.interval:10s}")
    Mono<Void> reconcile() {
        return Flux.fromIterable(this.realms).concatMap(this::reconcile).then();
    }

    Mono<Long> reconcile(Realm realm) {
        Instant before = Instant.now().minus(this.settings.grace());
        return realm.predictions()
            .findUnpublished(before, this.settings.batch())
            .concatMap((record) -> this.publisher.publish(record.job(realm.test()))
                .then(realm.predictions().markPublished(record.id()))
                .doOnSuccess((done) -> log.info("event=job-republished prediction_id={} model={} realm={} queued_at={}",
                        record.id(), record.model(), realm.name(), record.queuedAt()))
                .thenReturn(1))
            .count()
            .onErrorResume((ex) -> {
                log.warn("event=reconcile-failed realm={} error=\"{}\"", realm.name(), ex.getMessage());
                return Mono.just(0L);
            });
    }

}
