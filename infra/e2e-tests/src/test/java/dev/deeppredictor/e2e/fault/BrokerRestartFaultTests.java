package dev.deeppredictor.e2e.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The RabbitMQ node restarted while jobs are being uploaded and predicted: uploads refused while
 * it is down are retried by the client, both services reconnect by themselves, and every
 * accepted job ends once.
 */
class BrokerRestartFaultTests {

    @Test
    void bothServicesReconnectAndCarryOnAfterABrokerRestart() {
        FaultStack stack = FaultStack.shared();
        stack.ensurePredictors(2);
        List<FaultStack.Predictor> predictors = stack.predictors();
        try (Scenario run = Scenario.begin(stack, "rabbit")) {
            // Ten uploads a second, before, during and after the outage.
            run.uploads().submit(300, Duration.ofMillis(100));
            await("load running").atMost(Duration.ofSeconds(60)).until(() -> run.ledger().acceptedIds().size() >= 30);

            Instant down = Instant.now();
            stack.servers().stopRabbit();
            try {
                await("an upload refused while the broker is down").atMost(Duration.ofSeconds(60))
                    .until(() -> run.uploads().retries().stream().anyMatch((retry) -> retry.at().isAfter(down)));
            }
            finally {
                stack.servers().startRabbit();
            }
            Instant up = Instant.now();
            // Ten seconds of uploads after it: time for both predictors to be back (within 2 s) and take jobs.
            run.uploads().submit(100, Duration.ofMillis(100));

            run.finish(Duration.ofSeconds(180));
            assertThat(stack.predictors()).as("predictors still running").hasSize(2);
            assertThat(stack.apiProcess().pid()).satisfies((pid) -> assertThat(ProcessHandle.of(pid)).isPresent());
            // Both predictors wrote results of jobs started after the broker came back.
            for (FaultStack.Predictor predictor : predictors) {
                assertThat(run.records().values()).as("jobs started by %s after the restart", predictor.worker())
                    .anyMatch((record) -> predictor.worker().equals(record.worker())
                            && record.startedAt().after(Date.from(up)));
            }
        }
    }

}
