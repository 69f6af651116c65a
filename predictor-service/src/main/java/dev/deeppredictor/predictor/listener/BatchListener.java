package dev.deeppredictor.predictor.listener;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.predictor.InfrastructureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;

/**
 * Receives one micro-batch of a model's queue and settles every delivery itself (manual
 * acknowledgement, only after the results are stored): processed jobs are acknowledged; messages
 * that are not jobs and jobs given up for good go to the dead-letter queue with their reason; a
 * batch hit by a MongoDB or object store outage goes back to the queue after a growing pause.
 */
final class BatchListener implements ChannelAwareBatchMessageListener {

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

    @Override
    public void onMessageBatch(List<Message> messages, Channel channel) {
        List<PredictionJob> jobs = new ArrayList<>(messages.size());
        Map<String, Message> byId = new HashMap<>();
        try {
            for (Message message : messages) {
                try {
                    PredictionJob job = this.reader.read(message, this.model, this.testModel);
                    if (byId.putIfAbsent(job.predictionId(), message) != null) {
                        // The same job twice in one batch (republished): run it once.
                        channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
                        continue;
                    }
                    jobs.add(job);
                }
                catch (UnreadableJobException ex) {
                    deadLetter(message, null, ex.getMessage(), channel);
                }
            }
            if (!jobs.isEmpty()) {
                settle(jobs, byId, channel);
            }
        }
        catch (IOException ex) {
            // The channel is broken; the broker redelivers whatever was not settled.
            throw new AmqpIOException(ex);
        }
    }

    private void settle(List<PredictionJob> jobs, Map<String, Message> byId, Channel channel) throws IOException {
        BatchResult result;
        try {
            result = this.processor.process(jobs);
            this.backoff.succeeded();
        }
        catch (InfrastructureException ex) {
            Duration pause = this.backoff.failed();
            log.warn("event=batch_requeued queue={} prediction_ids={} retry_in_ms={} error=\"{}\"", this.queue, ids(jobs),
                    pause.toMillis(), brief(ex.getMessage()));
            requeue(jobs, byId, channel, pause);
            return;
        }
        catch (RuntimeException ex) {
            Duration pause = this.backoff.failed();
            log.error("event=batch_crashed queue={} prediction_ids={} retry_in_ms={}", this.queue, ids(jobs),
                    pause.toMillis(), ex);
            requeue(jobs, byId, channel, pause);
            return;
        }
        for (PredictionJob job : jobs) {
            Message message = byId.get(job.predictionId());
            String reason = result.deadLetters().get(job.predictionId());
            if (reason != null) {
                deadLetter(message, job.predictionId(), reason, channel);
            }
            else {
                channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
            }
        }
    }

    /**
     * Publishes the message to the dead-letter exchange with why it was given up, then acknowledges
     * it; the broker's own dead-lettering would only say "rejected".
     */
    private void deadLetter(Message message, String predictionId, String reason, Channel channel) throws IOException {
        MessageProperties source = message.getMessageProperties();
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
        channel.basicPublish(Messaging.DEAD_LETTER_EXCHANGE, this.model, properties, message.getBody());
        channel.basicAck(source.getDeliveryTag(), false);
        log.warn("event=job_dead_lettered queue={} prediction_id={} reason=\"{}\"", this.queue, predictionId, reason);
    }

    /** Gives the batch back to the queue after a pause, so an outage does not become a busy loop. */
    private void requeue(List<PredictionJob> jobs, Map<String, Message> byId, Channel channel, Duration pause)
            throws IOException {
        try {
            Thread.sleep(pause.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        for (PredictionJob job : jobs) {
            channel.basicNack(byId.get(job.predictionId()).getMessageProperties().getDeliveryTag(), false, true);
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
