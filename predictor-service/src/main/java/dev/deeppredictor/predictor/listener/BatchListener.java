package dev.deeppredictor.predictor.listener;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.rabbitmq.client.Channel;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.predictor.InfrastructureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;

/**
 * Receives one micro-batch of a model's queue and settles every delivery itself (manual
 * acknowledgement): unreadable messages are rejected to the dead-letter queue, processed jobs are
 * acknowledged, and a batch hit by a MongoDB or object store failure goes back to the queue.
 */
final class BatchListener implements ChannelAwareBatchMessageListener {

    private static final Logger log = LoggerFactory.getLogger(BatchListener.class);

    private final String model;

    private final boolean testModel;

    private final String queue;

    private final JobReader reader;

    private final BatchProcessor processor;

    private final Duration retryPause;

    BatchListener(String model, boolean testModel, String queue, JobReader reader, BatchProcessor processor,
            Duration retryPause) {
        this.model = model;
        this.testModel = testModel;
        this.queue = queue;
        this.reader = reader;
        this.processor = processor;
        this.retryPause = retryPause;
    }

    @Override
    public void onMessageBatch(List<Message> messages, Channel channel) {
        List<PredictionJob> jobs = new ArrayList<>(messages.size());
        List<Long> tags = new ArrayList<>(messages.size());
        try {
            for (Message message : messages) {
                long tag = message.getMessageProperties().getDeliveryTag();
                try {
                    jobs.add(this.reader.read(message, this.model, this.testModel));
                    tags.add(tag);
                }
                catch (UnreadableJobException ex) {
                    log.warn("event=job_rejected queue={} delivery_tag={} reason=\"{}\"", this.queue, tag,
                            ex.getMessage());
                    channel.basicReject(tag, false);
                }
            }
            if (!jobs.isEmpty()) {
                settle(jobs, tags, channel);
            }
        }
        catch (IOException ex) {
            // The channel is broken; the broker redelivers whatever was not settled.
            throw new AmqpIOException(ex);
        }
    }

    private void settle(List<PredictionJob> jobs, List<Long> tags, Channel channel) throws IOException {
        try {
            this.processor.process(jobs);
        }
        catch (InfrastructureException ex) {
            log.warn("event=batch_requeued queue={} prediction_ids={} error=\"{}\"", this.queue, ids(jobs),
                    brief(ex.getMessage()));
            requeue(tags, channel);
            return;
        }
        catch (RuntimeException ex) {
            log.error("event=batch_crashed queue={} prediction_ids={}", this.queue, ids(jobs), ex);
            requeue(tags, channel);
            return;
        }
        for (long tag : tags) {
            channel.basicAck(tag, false);
        }
    }

    /**
     * Gives the batch back to the queue after a pause, so an outage does not become a busy loop.
     * This is the single place where a retry policy (backoff, attempt limit, dead-lettering) goes;
     * until then RabbitMQ 4's default quorum-queue delivery limit is the only bound.
     */
    private void requeue(List<Long> tags, Channel channel) throws IOException {
        try {
            Thread.sleep(this.retryPause.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        for (long tag : tags) {
            channel.basicNack(tag, false, true);
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
