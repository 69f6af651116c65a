package dev.deeppredictor.e2e.fault;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM in the middle of a batch: the predictor finishes the batch in hand, takes no further job
 * (the ones it had prefetched go back to the queue) and exits; the other predictor does the rest.
 */
class GracefulShutdownFaultTests {

    @Test
    void aStoppingPredictorFinishesItsBatchAndTakesNoOther() {
        FaultStack stack = FaultStack.shared();
        stack.ensurePredictors(2);
        List<FaultStack.Predictor> predictors = stack.predictors();
        FaultStack.Predictor stopping = predictors.get(0);
        FaultStack.Predictor other = predictors.get(1);
        try (Scenario run = Scenario.begin(stack, "term")) {
            Signals.freeze(stopping.pid());
            Signals.freeze(other.pid());
            run.uploads().submit(160, Duration.ZERO);
            run.awaitUploadsSettled(Duration.ofSeconds(120));
            Signals.thaw(stopping.pid());
            Set<String> inFlight = InFlight.catchBatch(stopping, stack.records(), Duration.ofSeconds(90));

            // The store hangs while the SIGTERM is handled, so the batch is certainly still in
            // hand when the listener containers are told to stop; then the store comes back.
            stack.store().freeze();
            Signals.terminate(stopping.pid());
            Signals.thaw(stopping.pid());
            await("the stopping predictor waits for its batch").atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(stopping.process().log()).contains("event=consumers_stopping"));
            stack.store().thaw();
            await("the stopping predictor exited").atMost(Duration.ofSeconds(90))
                .until(() -> ProcessHandle.of(stopping.pid()).map((process) -> !process.isAlive()).orElse(true));
            Signals.thaw(other.pid());

            run.finish(Duration.ofSeconds(180));
            assertThat(inFlight).as("the batch in flight at SIGTERM").isNotEmpty().allSatisfy((id) -> {
                Snapshot record = run.records().get(id);
                assertThat(record.worker()).as("finished by").isEqualTo(stopping.worker());
                assertThat(record.attempts()).as("attempts of %s", id).isEqualTo(1);
            });
            assertThat(run.finishedBy(stopping.worker())).as("jobs the stopping predictor finished")
                .containsExactlyInAnyOrderElementsOf(inFlight);
            assertThat(run.finishedBy(other.worker())).hasSize(run.records().size() - inFlight.size());
        }
    }

}
