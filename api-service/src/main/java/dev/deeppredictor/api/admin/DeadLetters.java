package dev.deeppredictor.api.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queue, read without losing anything: messages are taken unacknowledged, and
 * those not acted on go back when the channel closes. Blocking: call off the event loop.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private static final int BODY_LIMIT = 4096;

    private static final int SCAN_LIMIT = 10_000;

    private final RabbitTemplate rabbit;

    private final MessageConverter converter;

    private final DefaultMessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();

    DeadLetters(RabbitTemplate rabbit, MessageConverter converter) {
        this.rabbit = rabbit;
        this.converter = converter;
    }

    /** Up to {@code limit} dead letters, oldest first; all stay in the queue. */
    List<DeadLetter> list(int limit) {
        return this.rabbit.execute((channel) -> {
            List<DeadLetter> found = new ArrayList<>();
            long last = 0;
            GetResponse response;
            while (found.size() < limit && (response = channel.basicGet(Messaging.DEAD_LETTER_QUEUE, false)) != null) {
                found.add(view(response));
                last = response.getEnvelope().getDeliveryTag();
            }
            giveBack(channel, last);
            return found;
        });
    }

    /**
     * Removes the dead letters that {@code chosen} selects and hands each to {@code action} first
     * (a failing action leaves its message in the queue).
     * @return how many were removed
     */
    int take(Predicate<DeadLetter> chosen, DeadLetterAction action) {
        Integer taken = this.rabbit.execute((channel) -> {
            int count = 0;
            long last = 0;
            GetResponse response;
            try {
                for (int scanned = 0; scanned < SCAN_LIMIT
                        && (response = channel.basicGet(Messaging.DEAD_LETTER_QUEUE, false)) != null; scanned++) {
                    last = response.getEnvelope().getDeliveryTag();
                    DeadLetter letter = view(response);
                    if (chosen.test(letter)) {
                        action.apply(letter, job(response));
                        channel.basicAck(last, false);
                        count++;
                    }
                }
            }
            finally {
                giveBack(channel, last);
            }
            return count;
        });
        return (taken != null) ? taken : 0;
    }

    /**
     * Returns every message still unacknowledged up to {@code last} to the queue, in order: the
     * template's channels are cached, not closed, so the broker would not do it by itself.
     */
    private static void giveBack(Channel channel, long last) throws IOException {
        if (last > 0) {
            channel.basicNack(last, true, true);
        }
    }

    private DeadLetter view(GetResponse response) {
        Map<String, Object> headers = (response.getProps().getHeaders() != null) ? response.getProps().getHeaders()
                : Map.of();
        String body = new String(response.getBody(), StandardCharsets.UTF_8);
        return new DeadLetter(text(headers.get(Messaging.DEAD_PREDICTION_HEADER)),
                text(headers.get(Messaging.DEAD_QUEUE_HEADER)), text(headers.get(Messaging.DEAD_REASON_HEADER)),
                text(headers.get(Messaging.DEAD_AT_HEADER)),
                (body.length() > BODY_LIMIT) ? body.substring(0, BODY_LIMIT) + "..." : body);
    }

    /** The job the message carries, or null when it is not one. */
    private PredictionJob job(GetResponse response) {
        try {
            MessageProperties props = this.properties.toMessageProperties(response.getProps(), response.getEnvelope(),
                    "UTF-8");
            Object body = this.converter.fromMessage(new Message(response.getBody(), props));
            return (body instanceof PredictionJob job) ? job : null;
        }
        catch (RuntimeException ex) {
            log.debug("event=dead-letter-not-a-job error=\"{}\"", ex.getMessage());
            return null;
        }
    }

    private static String text(Object value) {
        return (value != null) ? value.toString() : null;
    }

    /** What is done with a dead letter before it leaves the queue. */
    @FunctionalInterface
    interface DeadLetterAction {

        void apply(DeadLetter letter, PredictionJob job) throws IOException;

    }

}
