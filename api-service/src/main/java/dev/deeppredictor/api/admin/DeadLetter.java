package dev.deeppredictor.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message in the dead-letter queue, as the admin API shows it.
 *
 * @param predictionId the job's prediction id; null for a message that was not a job
 * @param queue the queue it was taken from
 * @param reason why it was given up
 * @param deadAt when
 * @param body the message body (at most 4 KB of it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(@JsonProperty("prediction_id") String predictionId, String queue, String reason,
        @JsonProperty("dead_at") String deadAt, String body) {
}
