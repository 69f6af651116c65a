package dev.deeppredictor.predictor.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.rabbitmq.client.Channel;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.predictor.InfrastructureException;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;

import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/** How the deliveries of one batch are settled. */
class BatchListenerTests {

    private final JacksonJsonMessageConverter converter = JobReaderTests.converter();

    private final BatchProcessor processor = mock(BatchProcessor.class);

    private final Channel channel = mock(Channel.class);

    private final BatchListener listener = new BatchListener("fashion", false, "deep-predictor.model.fashion",
            new JobReader(this.converter), this.processor, Duration.ZERO);

    @Test
    void unreadableMessagesAreDeadLetteredAndTheRestAcknowledged() throws Exception {
        this.listener.onMessageBatch(List.of(job("a", 1), garbage(2), job("b", 3)), this.channel);

        verify(this.processor).process(List.of(jobOf("a"), jobOf("b")));
        verify(this.channel).basicReject(2, false);
        verify(this.channel).basicAck(1, false);
        verify(this.channel).basicAck(3, false);
        verifyNoMoreInteractions(this.channel);
    }

    @Test
    void infrastructureFailureRequeuesTheBatch() throws Exception {
        given(this.processor.process(anyList())).willThrow(new InfrastructureException("MongoDB down", null));

        this.listener.onMessageBatch(List.of(job("a", 1), job("b", 2)), this.channel);

        verify(this.channel).basicNack(1, false, true);
        verify(this.channel).basicNack(2, false, true);
        verifyNoMoreInteractions(this.channel);
    }

    @Test
    void aBatchOfOnlyGarbageNeverReachesTheProcessor() throws Exception {
        this.listener.onMessageBatch(List.of(garbage(5)), this.channel);

        verify(this.channel).basicReject(5, false);
        verifyNoMoreInteractions(this.channel, this.processor);
    }

    private Message job(String id, long tag) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryTag(tag);
        return this.converter.toMessage(jobOf(id), properties);
    }

    private static PredictionJob jobOf(String id) {
        return new PredictionJob(id, "fashion", id + ".png", "image/png", Instant.EPOCH, false);
    }

    private static Message garbage(long tag) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryTag(tag);
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        return new Message("]]".getBytes(StandardCharsets.UTF_8), properties);
    }

}
