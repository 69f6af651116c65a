package dev.deeppredictor.api.seed;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;
import dev.deeppredictor.model.StatusCode;

/**
 * The seed's result JSON. Its key order and shapes are kept: {@code predictions} is a list when
 * the prediction succeeded and an empty string otherwise, as seed clients expect.
 */
final class SeedJson {

    private SeedJson() {
    }

    static Map<String, Object> notFound() {
        return Map.of("prediction_status", StatusCode.NOT_FOUND.code());
    }

    static Map<String, Object> result(PredictionRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (record.modelInfo() != null) {
            json.put("model_info", record.modelInfo());
        }
        json.put("prediction_id", record.id());
        json.put("prediction_status", record.statusCode());
        if (record.predictionTime() != null) {
            json.put("prediction_time", record.predictionTime());
        }
        json.put("predictions", (record.state() == PredictionState.SUCCEEDED) ? record.predictions() : "");
        return json;
    }

}
