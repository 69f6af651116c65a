package dev.deeppredictor.predictor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.ResultEvent;
import dev.deeppredictor.predictor.model.ModelRegistry;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.support.converter.DefaultJacksonJavaTypeMapper;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The RabbitMQ topology this predictor relies on and the JSON form of its messages. The API
 * declares the same exchanges and queues; RabbitMQ accepts a redeclaration only when it is
 * identical, which is why the queue arguments come from {@link Messaging#jobQueueArguments()}.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    /** Logical type id of the result events, so consumers need not know Java class names. */

    @Bean
    JacksonJsonMessageConverter jsonMessageConverter() {
        DefaultJacksonJavaTypeMapper typeMapper = new DefaultJacksonJavaTypeMapper();
        typeMapper.setIdClassMapping(Map.of(Messaging.JOB_TYPE_ID, PredictionJob.class,
                Messaging.RESULT_TYPE_ID, ResultEvent.class));
        JacksonJsonMessageConverter converter = new JacksonJsonMessageConverter();
        converter.setJavaTypeMapper(typeMapper);
        return converter;
    }

    @Bean
    Declarables messagingTopology(ModelRegistry registry) {
        List<Declarable> declarables = new ArrayList<>();
        DirectExchange jobs = new DirectExchange(Messaging.JOB_EXCHANGE, true, false);
        declarables.add(jobs);
        for (String model : registry.modelNames()) {
            Queue queue = QueueBuilder.durable(Messaging.queueFor(model))
                .withArguments(Messaging.jobQueueArguments())
                .build();
            declarables.add(queue);
            declarables.add(BindingBuilder.bind(queue).to(jobs).with(model));
        }
        // Fanout: a dead-lettered job keeps its model name as routing key, and every one of them
        // belongs in the single dead-letter queue whatever that key is.
        FanoutExchange deadLetters = new FanoutExchange(Messaging.DEAD_LETTER_EXCHANGE, true, false);
        Queue deadLetterQueue = QueueBuilder.durable(Messaging.DEAD_LETTER_QUEUE).build();
        Binding deadLetterBinding = BindingBuilder.bind(deadLetterQueue).to(deadLetters);
        declarables.add(deadLetters);
        declarables.add(deadLetterQueue);
        declarables.add(deadLetterBinding);
        declarables.add(new TopicExchange(Messaging.RESULT_EXCHANGE, true, false));
        return new Declarables(declarables);
    }

}
