package dev.deeppredictor.predictor.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * The deliveries of one model's queue, held as the broker pushes them (up to the consumers'
 * prefetch) until a worker takes them as a batch.
 *
 * <p>A worker waits for its first job without a timeout, so an idle model costs no CPU; it then
 * takes what is already here, up to the batch size, so a lone job runs at once. Only a batch that
 * found company (more than one job waiting) waits up to the batch delay for the rest of a burst.
 */
final class DeliveryBuffer implements ChannelAwareMessageListener {

    /** Put at the head on stop: wakes an idle worker at once, ahead of any buffered delivery. */
    private static final Delivery STOP = new Delivery(null, null);

    private final LinkedBlockingDeque<Delivery> deliveries = new LinkedBlockingDeque<>();

    private volatile boolean stopping;

    /** Called on the client's thread for each delivery: only buffers it. */
    @Override
    public void onMessage(Message message, Channel channel) {
        this.deliveries.addLast(new Delivery(message, channel));
    }

    /**
     * The next batch, blocking until one job is here.
     *
     * @return up to {@code size} deliveries whose channel is still open (those of a closed channel
     *     are redelivered by the broker); empty once {@link #stop} was called
     */
    List<Delivery> nextBatch(int size, long maxDelayMs) throws InterruptedException {
        List<Delivery> batch = new ArrayList<>(size);
        while (batch.isEmpty()) {
            if (this.stopping) {
                return List.of();
            }
            Delivery first = this.deliveries.takeFirst();
            if (first == STOP) {
                this.deliveries.addFirst(STOP);
                return List.of();
            }
            add(first, batch);
            drain(batch, size);
        }
        if (batch.size() > 1 && batch.size() < size && maxDelayMs > 0) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
            while (batch.size() < size && !this.stopping) {
                Delivery next = this.deliveries.pollFirst(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                if (next == STOP) {
                    this.deliveries.addFirst(STOP);
                    break;
                }
                add(next, batch);
                drain(batch, size);
            }
        }
        // Taken but not begun: left unsettled, they go back to the queue when the channel closes.
        return this.stopping ? List.of() : batch;
    }

    /** Wakes every idle worker; a busy one finishes its batch and takes no other. */
    void stop() {
        this.stopping = true;
        this.deliveries.addFirst(STOP);
    }

    /** Deliveries held and not yet taken (for tests and logs). */
    int held() {
        return (int) this.deliveries.stream().filter((delivery) -> delivery != STOP).count();
    }

    private void drain(List<Delivery> batch, int size) {
        while (batch.size() < size) {
            Delivery next = this.deliveries.pollFirst();
            if (next == null) {
                return;
            }
            if (next == STOP) {
                this.deliveries.addFirst(STOP);
                return;
            }
            add(next, batch);
        }
    }

    private static void add(Delivery delivery, List<Delivery> batch) {
        if (delivery.channel().isOpen()) {
            batch.add(delivery);
        }
    }

}
