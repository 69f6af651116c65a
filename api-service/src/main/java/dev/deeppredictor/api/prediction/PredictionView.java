package dev.deeppredictor.api.prediction;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.deeppredictor.model.ModelInfo;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;

/**
 * A prediction as the modern API shows it: the seed's fields plus the named state, the label (most
 * confident class or not-confident), the worker, the attempts and the times.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionView(String id, String model, PredictionState state,
        @JsonProperty("prediction_status") int predictionStatus, List<Prediction> predictions, String label,
        @JsonProperty("prediction_time") Double predictionTime, @JsonProperty("model_info") ModelInfo modelInfo,
        String error, String worker, int attempts, @JsonProperty("queued_at") Instant queuedAt,
        @JsonProperty("started_at") Instant startedAt, @JsonProperty("finished_at") Instant finishedAt) {

    public static PredictionView of(PredictionRecord record) {
        return new PredictionView(record.id(), record.model(), record.state(), record.statusCode(),
                record.predictions(), record.label(), record.predictionTime(), record.modelInfo(), record.error(), record.worker(),
                record.attempts(), record.queuedAt(), record.startedAt(), record.finishedAt());
    }

}
