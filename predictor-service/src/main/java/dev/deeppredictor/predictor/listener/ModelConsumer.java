package dev.deeppredictor.predictor.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.definition.Batching;
import dev.deeppredictor.model.definition.ModelDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * One model's queue: {@code concurrency} consumers the broker pushes to (each with a prefetch of
 * two batches, so the next batch is here when the engine finishes), feeding one
 * {@link DeliveryBuffer}, and as many worker threads that take batches from it and run them. A
 * worker with nothing to do blocks without a timeout: an idle model costs no CPU.
 */
final class ModelConsumer {

    private static final Logger log = LoggerFactory.getLogger(ModelConsumer.class);

    private static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(2);

    private final String model;

    private final Batching batch;

    private final int concurrency;

    private final BatchListener listener;

    private final DeliveryBuffer buffer = new DeliveryBuffer();

    private final DirectMessageListenerContainer container;

    private final List<Thread> workers = new ArrayList<>();

    ModelConsumer(ModelDefinition definition, BatchListener listener, ConnectionFactory connectionFactory,
            AmqpAdmin admin, Duration shutdownTimeout) {
        this.model = definition.name();
        this.batch = definition.batch();
        this.concurrency = definition.concurrency();
        this.listener = listener;
        this.container = new DirectMessageListenerContainer(connectionFactory);
        this.container.setQueueNames(Messaging.queueFor(this.model));
        this.container.setAmqpAdmin(admin);
        this.container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        this.container.setConsumersPerQueue(this.concurrency);
        this.container.setPrefetchCount(2 * this.batch.size());
        this.container.setShutdownTimeout(shutdownTimeout.toMillis());
        // A consumer lost with its connection (the broker restarted) is started again this often,
        // and the container looks for lost ones as often: by default 5 s and 10 s, so a predictor
        // could stay away for ten seconds after the broker was back while another took every job.
        this.container.setRecoveryInterval(RECOVERY_INTERVAL.toMillis());
        this.container.setMonitorInterval(RECOVERY_INTERVAL.toMillis());
        this.container.setMessageListener(this.buffer);
        this.container.afterPropertiesSet();
    }

    synchronized void start() {
        for (int i = 1; i <= this.concurrency; i++) {
            Thread worker = new Thread(this::work, "model-" + this.model + "-" + i);
            worker.setDaemon(true);
            worker.start();
            this.workers.add(worker);
        }
        this.container.start();
        log.info("event=consumer_started model={} queue={} batch_size={} max_delay_ms={} concurrency={}", this.model,
                Messaging.queueFor(this.model), this.batch.size(), this.batch.maxDelayMs(), this.concurrency);
    }

    /** Takes no further batch; idle workers stop at once, busy ones when their batch is settled. */
    void stopTaking() {
        this.buffer.stop();
    }

    /**
     * Waits for the workers' batches in hand (until {@code deadline}, a {@link System#nanoTime}),
     * then cancels the consumers: their channels close, and the broker requeues every delivery
     * that was held but not begun.
     */
    synchronized void awaitAndClose(long deadline) {
        for (Thread worker : this.workers) {
            try {
                worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            if (worker.isAlive()) {
                log.warn("event=worker_not_finished model={} worker={} (its batch goes back to the queue)", this.model,
                        worker.getName());
            }
        }
        this.workers.clear();
        this.container.stop();
    }

    private void work() {
        while (true) {
            List<Delivery> deliveries;
            try {
                deliveries = this.buffer.nextBatch(this.batch.size(), this.batch.maxDelayMs());
            }
            catch (InterruptedException ex) {
                return;
            }
            if (deliveries.isEmpty()) {
                return;
            }
            try {
                this.listener.process(deliveries);
            }
            catch (RuntimeException ex) {
                // Never lose the worker: the unsettled deliveries go back when their channel closes.
                log.error("event=batch_failed model={} size={}", this.model, deliveries.size(), ex);
            }
        }
    }

}
