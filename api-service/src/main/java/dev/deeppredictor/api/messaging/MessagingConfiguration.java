package dev.deeppredictor.api.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.deeppredictor.api.model.ModelDirectory;
import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;

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
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker topology the API publishes into, and the one JSON converter of the service.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    MessageConverter jsonMessageConverter() {
        DefaultJacksonJavaTypeMapper typeMapper = new DefaultJacksonJavaTypeMapper();
        // A logical type id in the header: consumers need not share our class names.
        typeMapper.setIdClassMapping(Map.of(Messaging.JOB_TYPE_ID, PredictionJob.class));
        JacksonJsonMessageConverter converter = new JacksonJsonMessageConverter();
        converter.setJavaTypeMapper(typeMapper);
        return converter;
    }

    /**
     * Job exchange and one queue per known model, declared here too so that a job published
     * before any predictor started is queued rather than dropped.
     */
    @Bean
    Declarables jobTopology(ModelDirectory models) {
        DirectExchange jobs = new DirectExchange(Messaging.JOB_EXCHANGE, true, false);
        FanoutExchange deadLetters = new FanoutExchange(Messaging.DEAD_LETTER_EXCHANGE, true, false);
        Queue deadLetterQueue = QueueBuilder.durable(Messaging.DEAD_LETTER_QUEUE).build();
        List<Declarable> declarables = new ArrayList<>(List.of(jobs, deadLetters, deadLetterQueue,
                BindingBuilder.bind(deadLetterQueue).to(deadLetters),
                new TopicExchange(Messaging.RESULT_EXCHANGE, true, false)));
        for (String model : models.names()) {
            Queue queue = QueueBuilder.durable(Messaging.queueFor(model))
                .withArguments(Messaging.jobQueueArguments())
                .build();
            Binding binding = BindingBuilder.bind(queue).to(jobs).with(model);
            declarables.add(queue);
            declarables.add(binding);
        }
        return new Declarables(declarables);
    }

}
