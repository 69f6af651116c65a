package dev.deeppredictor.predictor.listener;

import dev.deeppredictor.model.PredictionJob;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.support.converter.DefaultJacksonJavaTypeMapper;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.core.ParameterizedTypeReference;

/**
 * Reads a job message. The API names the type with the logical {@code __TypeId__}
 * "prediction-job"; a message without that header (a hand-published one, another client) is read
 * as a job all the same, since a job queue holds nothing else.
 */
final class JobReader {

    private static final ParameterizedTypeReference<PredictionJob> JOB = new ParameterizedTypeReference<>() {
    };

    private final JacksonJsonMessageConverter converter;

    JobReader(JacksonJsonMessageConverter converter) {
        this.converter = converter;
    }

    /**
     * @param model the model whose queue the message came from
     * @param testModel whether that model is a test model: a test job must never reach a production
     *     model (its data would land in production), nor a production job a test model
     */
    PredictionJob read(Message message, String model, boolean testModel) throws UnreadableJobException {
        boolean typed = message.getMessageProperties()
            .getHeader(DefaultJacksonJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME) != null;
        Object body;
        try {
            body = typed ? this.converter.fromMessage(message) : this.converter.fromMessage(message, JOB);
        }
        catch (MessageConversionException ex) {
            Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
            throw new UnreadableJobException("not a prediction job: " + cause.getMessage());
        }
        if (!(body instanceof PredictionJob job)) {
            throw new UnreadableJobException("not a prediction job but " + body.getClass().getSimpleName());
        }
        if (isBlank(job.predictionId()) || isBlank(job.imageKey())) {
            throw new UnreadableJobException("job without predictionId or imageKey");
        }
        if (!model.equals(job.model())) {
            throw new UnreadableJobException("job for model " + job.model() + " in the queue of " + model);
        }
        if (job.test() != testModel) {
            throw new UnreadableJobException((job.test() ? "test job" : "production job") + " in the queue of "
                    + (testModel ? "test model " : "production model ") + model);
        }
        return job;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

}
