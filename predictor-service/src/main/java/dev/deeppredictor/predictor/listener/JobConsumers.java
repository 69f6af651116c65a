package dev.deeppredictor.predictor.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.definition.Batching;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.predictor.inference.ModelRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * One listener container per served model, consuming its queue in micro-batches. Started last and
 * stopped first: on shutdown the containers stop taking messages and finish the batch in hand
 * before the models are closed.
 */
final class JobConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobConsumers.class);

    private final ConnectionFactory connectionFactory;

    private final AmqpAdmin admin;

    private final List<ModelRunner> models;

    private final Function<ModelRunner, BatchListener> listeners;

    private final Duration shutdownTimeout;

    private final List<SimpleMessageListenerContainer> containers = new ArrayList<>();

    private volatile boolean running;

    JobConsumers(ConnectionFactory connectionFactory, AmqpAdmin admin, List<ModelRunner> models,
            Function<ModelRunner, BatchListener> listeners, Duration shutdownTimeout) {
        this.connectionFactory = connectionFactory;
        this.admin = admin;
        this.models = models;
        this.listeners = listeners;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public synchronized void start() {
        for (ModelRunner model : this.models) {
            SimpleMessageListenerContainer container = container(model);
            container.start();
            this.containers.add(container);
            Batching batch = model.definition().batch();
            log.info("event=consumer_started model={} queue={} batch_size={} max_delay_ms={} concurrency={}",
                    model.definition().name(), Messaging.queueFor(model.definition().name()), batch.size(),
                    batch.maxDelayMs(), model.definition().concurrency());
        }
        this.running = true;
    }

    /**
     * Micro-batching is the container's consumer batching: it hands over up to {@code batch.size}
     * deliveries, closing the batch early when no further message arrives within the receive
     * timeout, so a lone job waits at most {@code max-delay-ms}. The prefetch holds a second batch
     * so the next one is already here when the engine finishes.
     */
    private SimpleMessageListenerContainer container(ModelRunner model) {
        ModelDefinition definition = model.definition();
        Batching batch = definition.batch();
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(this.connectionFactory);
        container.setQueueNames(Messaging.queueFor(definition.name()));
        container.setAmqpAdmin(this.admin);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setConsumerBatchEnabled(true);
        container.setBatchSize(batch.size());
        container.setReceiveTimeout(Math.max(1, batch.maxDelayMs()));
        container.setPrefetchCount(2 * batch.size());
        container.setConcurrentConsumers(definition.concurrency());
        container.setShutdownTimeout(this.shutdownTimeout.toMillis());
        container.setTaskExecutor(new SimpleAsyncTaskExecutor("model-" + definition.name() + "-"));
        container.setMessageListener(this.listeners.apply(model));
        container.afterPropertiesSet();
        return container;
    }

    /** Stops all containers in parallel; each finishes its batch in hand first. */
    @Override
    public void stop(Runnable callback) {
        List<SimpleMessageListenerContainer> toStop;
        synchronized (this) {
            toStop = List.copyOf(this.containers);
            this.containers.clear();
            this.running = false;
        }
        if (toStop.isEmpty()) {
            callback.run();
            return;
        }
        AtomicInteger remaining = new AtomicInteger(toStop.size());
        toStop.forEach((container) -> container.stop(() -> {
            if (remaining.decrementAndGet() == 0) {
                log.info("event=consumers_stopped containers={}", toStop.size());
                callback.run();
            }
        }));
    }

    @Override
    public void stop() {
        CountDownLatch stopped = new CountDownLatch(1);
        stop(stopped::countDown);
        try {
            stopped.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

}
