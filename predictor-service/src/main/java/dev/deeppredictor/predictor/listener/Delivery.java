package dev.deeppredictor.predictor.listener;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.core.Message;

/**
 * A message as the broker pushed it, with the channel it came on: it is acknowledged, rejected or
 * dead-lettered on that channel, and only while that channel is open.
 */
record Delivery(Message message, Channel channel) {

    long tag() {
        return this.message.getMessageProperties().getDeliveryTag();
    }

}
