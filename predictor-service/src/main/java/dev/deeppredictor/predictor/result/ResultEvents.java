package dev.deeppredictor.predictor.result;

import java.util.List;

import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.ResultEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Announces finished predictions. Best effort: the stored record is the truth, so a broker
 * problem here is logged and the batch still counts as done.
 */
@Component
public class ResultEvents {

    private static final Logger log = LoggerFactory.getLogger(ResultEvents.class);

    private final RabbitTemplate rabbit;

    ResultEvents(RabbitTemplate rabbit) {
        this.rabbit = rabbit;
    }

    public void publish(List<JobOutcome> outcomes) {
        for (JobOutcome outcome : outcomes) {
            String model = outcome.job().model();
            ResultEvent event = new ResultEvent(outcome.job().predictionId(), model, outcome.state(),
                    outcome.status().code());
            try {
                this.rabbit.convertAndSend(Messaging.RESULT_EXCHANGE, model, event);
            }
            catch (AmqpException ex) {
                log.warn("event=result_events_not_published model={} count={} error=\"{}\"", model, outcomes.size(),
                        ex.getMessage());
                return;
            }
        }
    }

}
