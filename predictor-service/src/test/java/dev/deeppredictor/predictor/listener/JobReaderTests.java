package dev.deeppredictor.predictor.listener;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.PredictionJob;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.DefaultJacksonJavaTypeMapper;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JobReaderTests {

    private static final PredictionJob JOB = new PredictionJob("p-1", "fashion", "uploads/p-1.png", "image/png",
            Instant.parse("2026-01-02T03:04:05.678Z"), false);

    private final JacksonJsonMessageConverter converter = converter();

    private final JobReader reader = new JobReader(this.converter);

    @Test
    void readsAJobPublishedWithTheLogicalTypeId() throws Exception {
        Message message = this.converter.toMessage(JOB, new MessageProperties());

        assertThat(message.getMessageProperties().getHeaders()).containsEntry("__TypeId__", Messaging.JOB_TYPE_ID);
        assertThat(this.reader.read(message, "fashion", false)).isEqualTo(JOB);
    }

    @Test
    void readsAJobWithoutTypeHeader() throws Exception {
        String json = """
                {"predictionId":"p-1","model":"fashion","imageKey":"uploads/p-1.png","contentType":"image/png",
                 "queuedAt":"2026-01-02T03:04:05.678Z","test":false}""";
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);

        assertThat(this.reader.read(new Message(json.getBytes(StandardCharsets.UTF_8), properties), "fashion", false))
            .isEqualTo(JOB);
    }

    @Test
    void refusesGarbage() {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        Message garbage = new Message("{not json".getBytes(StandardCharsets.UTF_8), properties);

        assertThatExceptionOfType(UnreadableJobException.class).isThrownBy(() -> this.reader.read(garbage, "fashion", false));
    }

    @Test
    void refusesAJobOfAnotherModelOrWithoutImage() {
        Message otherModel = this.converter.toMessage(JOB, new MessageProperties());
        Message noImage = this.converter.toMessage(new PredictionJob("p-2", "fashion", null, null, null, false),
                new MessageProperties());

        assertThatExceptionOfType(UnreadableJobException.class)
            .isThrownBy(() -> this.reader.read(otherModel, "digits", false))
            .withMessageContaining("model fashion");
        assertThatExceptionOfType(UnreadableJobException.class)
            .isThrownBy(() -> this.reader.read(noImage, "fashion", false))
            .withMessageContaining("imageKey");
    }

    @Test
    void testJobsAndTestModelsOnlyMeetEachOther() throws Exception {
        PredictionJob testJob = new PredictionJob("p-3", "fashion", "uploads/p-3.png", "image/png", null, true);
        Message test = this.converter.toMessage(testJob, new MessageProperties());
        Message production = this.converter.toMessage(JOB, new MessageProperties());

        assertThat(this.reader.read(test, "fashion", true)).isEqualTo(testJob);
        assertThatExceptionOfType(UnreadableJobException.class)
            .isThrownBy(() -> this.reader.read(test, "fashion", false))
            .withMessageContaining("test job in the queue of production model fashion");
        assertThatExceptionOfType(UnreadableJobException.class)
            .isThrownBy(() -> this.reader.read(production, "fashion", true))
            .withMessageContaining("production job in the queue of test model fashion");
    }

    /** Configured as the application's converter is. */
    static JacksonJsonMessageConverter converter() {
        DefaultJacksonJavaTypeMapper mapper = new DefaultJacksonJavaTypeMapper();
        mapper.setIdClassMapping(Map.of(Messaging.JOB_TYPE_ID, PredictionJob.class));
        JacksonJsonMessageConverter converter = new JacksonJsonMessageConverter();
        converter.setJavaTypeMapper(mapper);
        return converter;
    }

}
