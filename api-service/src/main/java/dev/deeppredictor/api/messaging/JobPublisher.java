package dev.deeppredictor.api.messaging;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes jobs to the job exchange and completes only when the broker has confirmed that it
 * holds the message (publisher confirms), so a 202 is never given for a job the broker lost.
 */
@Component
public class JobPublisher {

    private final RabbitTemplate rabbit;

    private final Duration confirmTimeout;

    JobPublisher(RabbitTemplate rabbit, ApiProperties properties) {
        this.rabbit = rabbit;
        this.confirmTimeout = Duration.ofMillis(properties.upload().publishTimeoutMs());
    }

    /** Publishes the job with its model as routing key; errors if the broker nacks, returns or times out. */
    public Mono<Void> publish(PredictionJob job) {
        return Mono.fromCallable(() -> {
            CorrelationData correlation = new CorrelationData(job.predictionId());
            // The channel call may block on a busy connection: keep it off the event loop.
            this.rabbit.convertAndSend(Messaging.JOB_EXCHANGE, job.model(), job, correlation);
            return correlation;
        })
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap((correlation) -> Mono.fromFuture(correlation.getFuture())
                .timeout(this.confirmTimeout,
                        Mono.error(() -> new JobNotPublishedException("the broker did not confirm in time",
                                new TimeoutException())))
                .flatMap((confirm) -> {
                    if (!confirm.ack()) {
                        return Mono.error(new JobNotPublishedException("the broker refused the job: " + confirm.reason(), null));
                    }
                    if (correlation.getReturned() != null) {
                        return Mono.error(new JobNotPublishedException("no queue is bound for model " + job.model(), null));
                    }
                    return Mono.<Void>empty();
                }))
            .onErrorMap((ex) -> !(ex instanceof JobNotPublishedException),
                    (ex) -> new JobNotPublishedException("the broker is unreachable: " + ex.getMessage(), ex));
    }

}
