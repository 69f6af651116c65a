package dev.deeppredictor.predictor.listener;

import java.util.List;
import java.util.Map;

import dev.deeppredictor.predictor.result.JobOutcome;

/**
 * How a batch ended.
 *
 * @param outcomes the outcomes stored, in job order; jobs that were already final have none
 * @param deadLetters the jobs given up for good, by prediction id, with the reason: their messages
 *     go to the dead-letter queue instead of being acknowledged
 */
record BatchResult(List<JobOutcome> outcomes, Map<String, String> deadLetters) {
}
