package dev.deeppredictor.predictor.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.predictor.config.PredictorProperties;
import dev.deeppredictor.predictor.config.Realms;
import dev.deeppredictor.predictor.inference.ImageDecoder;
import dev.deeppredictor.predictor.inference.ImagePreprocessor;
import dev.deeppredictor.predictor.model.ModelRegistry;
import dev.deeppredictor.predictor.result.ResultEvents;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Wires the per-model consumers.
 */
@Configuration(proxyBeanMethods = false)
class ListenerConfiguration {

    /** Shared by all models; closed only after the consumers have finished their batches. */
    @Bean(destroyMethod = "close")
    ImagePreparer imagePreparer(PredictorProperties properties) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("image-");
        threads.setDaemon(true);
        return new ImagePreparer(new ImageDecoder(properties.maxImagePixels()), new ImagePreprocessor(),
                Executors.newFixedThreadPool(properties.fetchThreads(), threads));
    }

    @Bean
    JobConsumers jobConsumers(ConnectionFactory connectionFactory, AmqpAdmin admin, ModelRegistry registry,
            JacksonJsonMessageConverter converter, ImagePreparer preparer, Realms realms, ResultEvents events,
            PredictorProperties properties,
            @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration shutdownTimeout) {
        JobReader reader = new JobReader(converter);
        return new JobConsumers(connectionFactory, admin, registry.runners(), (model) -> {
            String name = model.definition().name();
            BatchProcessor processor = new BatchProcessor(model, preparer, realms.of(model.definition()), events, properties.workerId(),
                    new JobPolicy(properties.maxAttempts(), properties.jobTtl()), Clock.systemUTC());
            return new BatchListener(name, model.definition().test(), Messaging.queueFor(name), reader, processor,
                    new Backoff(properties.retryPause(), properties.retryPauseMax()));
        }, shutdownTimeout);
    }

}
