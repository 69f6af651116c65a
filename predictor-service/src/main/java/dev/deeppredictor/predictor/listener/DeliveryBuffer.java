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
            if (this.stopping || !taken(this.deliveries.takeFirst(), batch)) {
                return List.of();
            }
            drain(batch, size);
        }
        if (batch.size() > 1 && maxDelayMs > 0) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
            while (batch.size() < size && !this.stopping
                    && taken(this.deliveries.pollFirst(deadline - System.nanoTime(), TimeUnit.NANOSECONDS), batch)) {
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
        boolean more = true;
        while (more && batch.size() < size) {
            more = taken(this.deliveries.pollFirst(), batch);
        }
    }

    /**
     * Adds {@code next} to the batch when its channel is open (a closed channel's delivery is
     * dropped: the broker redelivers it).
     *
     * @return false when there was none, or the stop mark (put back for the other workers)
     */
    private boolean taken(Delivery next, List<Delivery> batch) {
        if (next == null) {
            return false;
        }
        if (next == STOP) {
            this.deliveries.addFirst(STOP);
            return false;
        }
        if (next.channel().isOpen()) {
            batch.add(next);
        }
        return true;
    }

}
