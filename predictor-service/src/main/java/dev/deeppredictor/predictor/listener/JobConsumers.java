package dev.deeppredictor.predictor.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.deeppredictor.predictor.inference.ModelRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The consumers of every served model (one {@link ModelConsumer} each), consuming their queues in
 * micro-batches. Started last and stopped first: on shutdown no worker takes a further batch, the
 * batches in hand are finished and settled, and only then are the consumers cancelled (what they
 * held goes back to the queue) and the models closed.
 */
final class JobConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobConsumers.class);

    private final ConnectionFactory connectionFactory;

    private final AmqpAdmin admin;

    private final List<ModelRunner> models;

    private final Function<ModelRunner, BatchListener> listeners;

    private final Duration shutdownTimeout;

    private final List<ModelConsumer> consumers = new ArrayList<>();

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
            ModelConsumer consumer = new ModelConsumer(model.definition(), this.listeners.apply(model),
                    this.connectionFactory, this.admin, this.shutdownTimeout);
            consumer.start();
            this.consumers.add(consumer);
        }
        this.running = true;
    }

    @Override
    public void stop() {
        List<ModelConsumer> toStop;
        synchronized (this) {
            toStop = List.copyOf(this.consumers);
            this.consumers.clear();
            this.running = false;
        }
        if (toStop.isEmpty()) {
            return;
        }
        log.info("event=consumers_stopping models={} (finishing the batches in hand)", toStop.size());
        toStop.forEach(ModelConsumer::stopTaking);
        long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
        toStop.forEach((consumer) -> consumer.awaitAndClose(deadline));
        log.info("event=consumers_stopped models={}", toStop.size());
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

}
