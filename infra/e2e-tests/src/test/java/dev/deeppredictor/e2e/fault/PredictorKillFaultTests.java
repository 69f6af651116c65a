package dev.deeppredictor.e2e.fault;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A predictor killed with SIGKILL in the middle of a batch: the broker gives its unacknowledged
 * jobs to the other predictor, which finishes them, and nothing is lost or done twice.
 */
class PredictorKillFaultTests {

    @Test
    void theBatchOfAPredictorKilledMidwayIsFinishedByTheOther() {
        FaultStack stack = FaultStack.shared();
        stack.ensurePredictors(2);
        List<FaultStack.Predictor> predictors = stack.predictors();
        FaultStack.Predictor victim = predictors.get(0);
        FaultStack.Predictor survivor = predictors.get(1);
        try (Scenario run = Scenario.begin(stack, "kill")) {
            // Both frozen while the jobs queue up, so that the victim starts on a backlog.
            Signals.freeze(victim.pid());
            Signals.freeze(survivor.pid());
            run.uploads().submit(160, Duration.ZERO);
            run.awaitUploadsSettled(Duration.ofSeconds(120));
            Signals.thaw(victim.pid());
            Set<String> inFlight = InFlight.catchBatch(victim, stack.records(), Duration.ofSeconds(90));

            Signals.kill(victim.pid());
            Signals.thaw(survivor.pid());
            await("the victim gone").atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(victim.pid()).map((process) -> !process.isAlive()).orElse(true));

            run.finish(Duration.ofSeconds(180));
            assertThat(inFlight).as("the batch in flight when the victim was killed").isNotEmpty()
                .allSatisfy((id) -> {
                    Snapshot record = run.records().get(id);
                    assertThat(record.state()).isEqualTo("SUCCEEDED");
                    assertThat(record.worker()).as("finished by").isEqualTo(survivor.worker());
                    assertThat(record.attempts()).as("attempts of %s", id).isGreaterThanOrEqualTo(2);
                });
            assertThat(run.finishedBy(survivor.worker())).containsAll(inFlight);
        }
    }

}
