package dev.deeppredictor.predictor.listener;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;
import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.predictor.InfrastructureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.MessageProperties;

/**
 * Runs one micro-batch of a model's queue and settles every delivery itself, on the channel it
 * came on (manual acknowledgement, only after the results are stored): processed jobs are
 * acknowledged; messages that are not jobs and jobs given up for good go to the dead-letter queue
 * with their reason; a batch hit by a MongoDB or object store outage goes back to the queue after
 * a growing pause. A delivery whose channel broke meanwhile is left to the broker, which
 * redelivers it.
 */
final class BatchListener {

    private static final Logger log = LoggerFactory.getLogger(BatchListener.class);

    private final String model;

    private final boolean testModel;

    private final String queue;

    private final JobReader reader;

    private final BatchProcessor processor;

    private final Backoff backoff;

    BatchListener(String model, boolean testModel, String queue, JobReader reader, BatchProcessor processor,
            Backoff backoff) {
        this.model = model;
        this.testModel = testModel;
        this.queue = queue;
        this.reader = reader;
        this.processor = processor;
        this.backoff = backoff;
    }

    void process(List<Delivery> deliveries) {
        List<PredictionJob> jobs = new ArrayList<>(deliveries.size());
        Map<String, Delivery> byId = new HashMap<>();
        for (Delivery delivery : deliveries) {
            try {
                PredictionJob job = this.reader.read(delivery.message(), this.model, this.testModel);
                if (byId.putIfAbsent(job.predictionId(), delivery) != null) {
                    // The same job twice in one batch (republished): run it once.
                    settle(delivery, null, () -> delivery.channel().basicAck(delivery.tag(), false));
                    continue;
                }
                jobs.add(job);
            }
            catch (UnreadableJobException ex) {
                settle(delivery, null, () -> deadLetter(delivery, null, ex.getMessage()));
            }
        }
        if (!jobs.isEmpty()) {
            run(jobs, byId);
        }
    }

    private void run(List<PredictionJob> jobs, Map<String, Delivery> byId) {
        BatchResult result;
        try {
            result = this.processor.process(jobs);
            this.backoff.succeeded();
        }
        catch (InfrastructureException ex) {
            Duration pause = this.backoff.failed();
            log.warn("event=batch_requeued queue={} prediction_ids={} retry_in_ms={} error=\"{}\"", this.queue, ids(jobs),
                    pause.toMillis(), brief(ex.getMessage()));
            requeue(jobs, byId, pause);
            return;
        }
        catch (RuntimeException ex) {
            Duration pause = this.backoff.failed();
            log.error("event=batch_crashed queue={} prediction_ids={} retry_in_ms={}", this.queue, ids(jobs),
                    pause.toMillis(), ex);
            requeue(jobs, byId, pause);
            return;
        }
        for (PredictionJob job : jobs) {
            Delivery delivery = byId.get(job.predictionId());
            String reason = result.deadLetters().get(job.predictionId());
            if (reason != null) {
                settle(delivery, job.predictionId(), () -> deadLetter(delivery, job.predictionId(), reason));
            }
            else {
                settle(delivery, job.predictionId(), () -> delivery.channel().basicAck(delivery.tag(), false));
            }
        }
    }

    /** One settlement on the delivery's channel; a broken channel means the broker redelivers. */
    private void settle(Delivery delivery, String predictionId, Settlement settlement) {
        try {
            settlement.run();
        }
        catch (IOException | ShutdownSignalException ex) {
            log.warn("event=settle_failed queue={} prediction_id={} error=\"{}\" (the broker redelivers it)", this.queue,
                    predictionId, brief(ex.getMessage()));
        }
    }

    @FunctionalInterface
    private interface Settlement {

        void run() throws IOException;

    }

    /**
     * Publishes the message to the dead-letter exchange with why it was given up, then acknowledges
     * it; the broker's own dead-lettering would only say "rejected".
     */
    private void deadLetter(Delivery delivery, String predictionId, String reason) throws IOException {
        MessageProperties source = delivery.message().getMessageProperties();
        Map<String, Object> headers = new HashMap<>();
        source.getHeaders().forEach((key, value) -> {
            if (value != null) {
                headers.put(key, value.toString());
            }
        });
        headers.put(Messaging.DEAD_REASON_HEADER, reason);
        headers.put(Messaging.DEAD_QUEUE_HEADER, this.queue);
        headers.put(Messaging.DEAD_AT_HEADER, Instant.now().toString());
        if (predictionId != null) {
            headers.put(Messaging.DEAD_PREDICTION_HEADER, predictionId);
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
            .contentType(source.getContentType())
            .contentEncoding(source.getContentEncoding())
            .deliveryMode(2)
            .headers(headers)
            .build();
        delivery.channel().basicPublish(Messaging.DEAD_LETTER_EXCHANGE, this.model, properties, delivery.message().getBody());
        delivery.channel().basicAck(source.getDeliveryTag(), false);
        log.warn("event=job_dead_lettered queue={} prediction_id={} reason=\"{}\"", this.queue, predictionId, reason);
    }

    /** Gives the batch back to the queue after a pause, so an outage does not become a busy loop. */
    private void requeue(List<PredictionJob> jobs, Map<String, Delivery> byId, Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        for (PredictionJob job : jobs) {
            Delivery delivery = byId.get(job.predictionId());
            settle(delivery, job.predictionId(), () -> delivery.channel().basicNack(delivery.tag(), false, true));
        }
    }

    /** Driver messages can describe a whole cluster state; the start says what happened. */
    private static String brief(String message) {
        return (message == null || message.length() <= 240) ? message : message.substring(0, 240) + "...";
    }

    private static List<String> ids(List<PredictionJob> jobs) {
        return jobs.stream().map(PredictionJob::predictionId).toList();
    }

}
