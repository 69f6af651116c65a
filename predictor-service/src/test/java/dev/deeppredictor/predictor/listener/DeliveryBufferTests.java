package dev.deeppredictor.predictor.listener;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryBufferTests {

    private final DeliveryBuffer buffer = new DeliveryBuffer();

    private final Channel channel = channel(true);

    @Test
    void aLoneJobRunsAtOnceWhateverTheDelay() throws Exception {
        deliver(1);
        long started = System.nanoTime();

        List<Delivery> batch = this.buffer.nextBatch(8, 10_000);

        assertThat(tags(batch)).containsExactly(1L);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aBatchTakesWhatIsBufferedUpToItsSize() throws Exception {
        deliver(1, 2, 3, 4, 5);

        assertThat(tags(this.buffer.nextBatch(3, 0))).containsExactly(1L, 2L, 3L);
        assertThat(tags(this.buffer.nextBatch(3, 0))).containsExactly(4L, 5L);
        assertThat(this.buffer.held()).isZero();
    }

    @Test
    void aBatchWithCompanyWaitsForTheRestOfTheBurst() throws Exception {
        deliver(1, 2);
        CompletableFuture.runAsync(() -> deliver(3, 4), CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

        assertThat(tags(this.buffer.nextBatch(4, 10_000))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void anIdleWorkerWaitsForTheFirstJob() throws Exception {
        CompletableFuture<List<Delivery>> batch = CompletableFuture.supplyAsync(this::next);
        await("no batch without a job").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
            .until(() -> !batch.isDone());

        deliver(7);

        assertThat(tags(batch.get(10, TimeUnit.SECONDS))).containsExactly(7L);
    }

    @Test
    void deliveriesOfAClosedChannelAreLeftToTheBroker() throws Exception {
        deliver(channel(false), 1, 2);
        deliver(3);

        assertThat(tags(this.buffer.nextBatch(8, 0))).containsExactly(3L);
    }

    @Test
    void stopWakesAnIdleWorkerAndHandsOutNothingMore() throws Exception {
        CompletableFuture<List<Delivery>> idle = CompletableFuture.supplyAsync(this::next);
        await("the worker waits").during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5))
            .until(() -> !idle.isDone());

        this.buffer.stop();

        assertThat(idle.get(10, TimeUnit.SECONDS)).isEmpty();
        deliver(1, 2);
        assertThat(this.buffer.nextBatch(8, 0)).isEmpty();
        assertThat(this.buffer.held()).isEqualTo(2);
    }

    private List<Delivery> next() {
        try {
            return this.buffer.nextBatch(8, 0);
        }
        catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void deliver(long... tags) {
        deliver(this.channel, tags);
    }

    private void deliver(Channel on, long... tags) {
        for (long tag : tags) {
            MessageProperties properties = new MessageProperties();
            properties.setDeliveryTag(tag);
            this.buffer.onMessage(new Message(new byte[0], properties), on);
        }
    }

    /** Only {@code isOpen} is asked of a channel here. */
    private static Channel channel(boolean open) {
        return (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] { Channel.class },
                (proxy, method, args) -> {
                    if ("isOpen".equals(method.getName())) {
                        return open;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static List<Long> tags(List<Delivery> batch) {
        return batch.stream().map(Delivery::tag).toList();
    }

}
