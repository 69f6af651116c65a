package dev.deeppredictor.e2e.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The object store and MongoDB (one process here) unavailable for 30 s while jobs wait in the
 * queue and more are uploaded: once when they hang (SIGSTOP: connections open, no answer) and once
 * when they refuse connections (stopped, then started again with their data). Nothing is lost,
 * everything finishes after recovery, and the outage costs no job an attempt.
 */
class StoreOutageFaultTests {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void aStoreThatHangsFor30SecondsLosesNothing() {
        FaultStack stack = FaultStack.shared();
        outage(stack, "hang", stack.store()::freeze, stack.store()::thaw);
    }

    @Test
    void aStoreThatRefusesConnectionsFor30SecondsLosesNothing() {
        FaultStack stack = FaultStack.shared();
        List<String> requeued = outage(stack, "down", stack.store()::stop, stack.store()::restart);
        assertThat(requeued).as("predictors that put a batch back during the outage").isNotEmpty();
    }

    /** @return the predictors whose log shows a batch requeued because of the outage */
    private static List<String> outage(FaultStack stack, String prefix, Runnable fail, Runnable recover) {
        stack.ensurePredictors(2);
        List<FaultStack.Predictor> predictors = stack.predictors();
        try (Scenario run = Scenario.begin(stack, prefix)) {
            // Jobs waiting for the predictors when the store goes away.
            predictors.forEach((predictor) -> Signals.freeze(predictor.pid()));
            run.uploads().submit(64, Duration.ZERO);
            run.awaitUploadsSettled(Duration.ofSeconds(120));
            Map<FaultStack.Predictor, Long> logStart = predictors.stream()
                .collect(Collectors.toMap(Function.identity(), StoreOutageFaultTests::logSize));
            fail.run();
            predictors.forEach((predictor) -> Signals.thaw(predictor.pid()));
            // More uploads meet the outage: they hang or fail, and the client retries them.
            run.uploads().submit(30, Duration.ofSeconds(1));
            await("the services survive the outage").during(OUTAGE).atMost(OUTAGE.plusSeconds(15))
                .until(() -> stack.predictors().size() == 2
                        && ProcessHandle.of(stack.apiProcess().pid()).map(ProcessHandle::isAlive).orElse(false));
            recover.run();

            run.finish(Duration.ofSeconds(180));
            assertThat(run.records().values()).as("attempts: an outage is not the job's fault")
                .allSatisfy((record) -> assertThat(record.attempts()).as(record.id()).isEqualTo(1));
            return predictors.stream()
                .filter((predictor) -> logSince(predictor, logStart.get(predictor)).contains("event=batch_requeued"))
                .map(FaultStack.Predictor::worker)
                .toList();
        }
    }

    private static long logSize(FaultStack.Predictor predictor) {
        try {
            return Files.size(predictor.process().log());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String logSince(FaultStack.Predictor predictor, long offset) {
        try {
            byte[] log = Files.readAllBytes(predictor.process().log());
            return new String(log, (int) offset, log.length - (int) offset, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
