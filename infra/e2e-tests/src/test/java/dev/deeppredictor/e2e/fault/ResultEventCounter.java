package dev.deeppredictor.e2e.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import dev.deeppredictor.infra.test.TestServers;
import dev.deeppredictor.model.Messaging;

/**
 * Counts the result events per prediction on {@code deep-predictor.results}, as a subscriber of
 * the API would see them. Events are best effort (one published while the broker is down is
 * gone), so the records stay the proof; an event announced twice still tells a subscriber that
 * a prediction ended twice.
 */
final class ResultEventCounter implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"predictionId\"\\s*:\\s*\"([A-Za-z0-9]+)\"");

    private final Map<String, Integer> events = new ConcurrentHashMap<>();

    private final Connection connection;

    ResultEventCounter(TestServers servers, String virtualHost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(servers.rabbitHost());
        factory.setPort(servers.rabbitPort());
        factory.setUsername(servers.rabbitUsername());
        factory.setPassword(servers.rabbitPassword());
        factory.setVirtualHost(virtualHost);
        // Reconnects after a broker restart and declares its queue and binding again.
        factory.setAutomaticRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        try {
            this.connection = factory.newConnection("fault-result-events");
            Channel channel = this.connection.createChannel();
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, Messaging.RESULT_EXCHANGE, "#");
            DeliverCallback count = (tag, delivery) -> {
                Matcher id = ID.matcher(new String(delivery.getBody(), StandardCharsets.UTF_8));
                if (id.find()) {
                    this.events.merge(id.group(1), 1, Integer::sum);
                }
            };
            channel.basicConsume(queue, true, count, (tag) -> {
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("no connection to RabbitMQ", ex);
        }
    }

    /** Events seen so far, by prediction id. */
    Map<String, Integer> counts() {
        return Map.copyOf(this.events);
    }

    @Override
    public void close() {
        try {
            this.connection.close();
        }
        catch (IOException | RuntimeException ex) {
            // Already gone with the broker: nothing to release.
        }
    }

}
