package dev.deeppredictor.api.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.deeppredictor.model.Messaging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * Enforces the backpressure limit with the depth (ready jobs) of each model's queue, measured at
 * most once per {@code cache-for} per model.
 */
@Component
public class QueueDepths {

    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

    private final AmqpAdmin admin;

    private final BackpressureProperties settings;

    private final Map<String, Measured> measured = new ConcurrentHashMap<>();

    QueueDepths(AmqpAdmin admin, BackpressureProperties settings) {
        this.admin = admin;
        this.settings = settings;
    }

    /** Blocks on the broker when the cached depth is stale: call off the event loop. */
    public void requireRoom(String model) {
        long depth = depth(model);
        int limit = this.settings.limitOf(model);
        if (depth >= limit) {
            throw new QueueFullException(model, depth, limit, this.settings.retryAfter());
        }
    }

    /** The ready jobs in the model's queue; -1 when the broker cannot say (then the publish decides). */
    public long depth(String model) {
        long now = System.nanoTime();
        Measured last = this.measured.get(model);
        if (last != null && now - last.at() < this.settings.cacheFor().toNanos()) {
            return last.depth();
        }
        long depth;
        try {
            QueueInformation queue = this.admin.getQueueInfo(Messaging.queueFor(model));
            depth = (queue != null) ? queue.getMessageCount() : 0;
        }
        catch (AmqpException ex) {
            log.debug("event=queue-depth-unknown model={} error=\"{}\"", model, ex.getMessage());
            depth = -1;
        }
        this.measured.put(model, new Measured(depth, now));
        return depth;
    }

    private record Measured(long depth, long at) {
    }

}
