package dev.deeppredictor.e2e.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault-injection run of docs/reliability.md: a few hundred real jobs ({@code -Dfault.jobs},
 * 300 by default, one every {@code -Dfault.spacing-ms}, 500 by default) uploaded through a fresh
 * stack with default settings while, one after the other, a predictor is killed with SIGKILL
 * mid-batch, RabbitMQ restarts, the store hangs for 30 s, the store refuses connections for 30 s
 * and a predictor gets SIGTERM mid-batch. Prints one table (also written to
 * {@code target/fault-injection-run.md}) and fails if anything was lost or duplicated.
 * <p>
 * Not part of the normal build (the pom excludes it): {@code infra/fault/run.sh} runs it.
 */
class FaultInjectionRun {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private final List<String> timeline = new ArrayList<>();

    private final Instant start = Instant.now();

    @Test
    void jobsSurviveEveryFaultInOneRun() throws IOException {
        int jobs = Integer.getInteger("fault.jobs", 300);
        Duration spacing = Duration.ofMillis(Long.getLong("fault.spacing-ms", 500));
        try (FaultStack stack = FaultStack.start("faultrun", Map.of()); Scenario run = Scenario.begin(stack, "run")) {
            note("stack up: API and 2 predictors; uploading " + jobs + " jobs, one every " + spacing.toMillis() + " ms");
            run.uploads().submit(jobs, spacing);

            awaitAccepted(run, jobs / 10);
            FaultStack.Predictor killed = stack.predictors().get(0);
            Set<String> killedBatch = InFlight.catchBatch(killed, stack.records(), Duration.ofSeconds(120));
            Signals.kill(killed.pid());
            note("SIGKILL " + killed.worker() + " with " + killedBatch.size() + " job(s) RUNNING on it");
            awaitGone(killed);
            stack.ensurePredictors(2);
            note("replacement predictor started");

            awaitAccepted(run, jobs * 3 / 10);
            stack.servers().stopRabbit();
            note("RabbitMQ stopped");
            stack.servers().startRabbit();
            note("RabbitMQ started again");

            awaitAccepted(run, jobs / 2);
            stack.store().freeze();
            note("store (S3 + MongoDB) frozen with SIGSTOP");
            holdOutage(stack);
            stack.store().thaw();
            note("store thawed after 30 s");

            awaitAccepted(run, jobs * 65 / 100);
            stack.store().stop();
            note("store stopped (connections refused)");
            holdOutage(stack);
            stack.store().restart();
            note("store started again after 30 s");

            awaitAccepted(run, jobs * 8 / 10);
            FaultStack.Predictor stopped = stack.predictors().get(0);
            Set<String> stoppedBatch = InFlight.catchBatch(stopped, stack.records(), Duration.ofSeconds(120));
            Signals.terminate(stopped.pid());
            Signals.thaw(stopped.pid());
            note("SIGTERM " + stopped.worker() + " with " + stoppedBatch.size() + " job(s) RUNNING on it");
            awaitGone(stopped);
            note(stopped.worker() + " exited");
            stack.ensurePredictors(2);
            note("replacement predictor started");

            run.awaitUploadsSettled(Duration.ofMinutes(6));
            await("every accepted prediction final").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(run.ledger()::allFinal);
            Tally tally = run.tally();
            long stoppedFinishedOwnBatch = stoppedBatch.stream()
                .filter((id) -> stopped.worker().equals(run.records().get(id).worker()))
                .count();
            note("in-flight batch of the SIGTERMed predictor finished by it: " + stoppedFinishedOwnBatch + " of "
                    + stoppedBatch.size());
            note("in-flight batch of the SIGKILLed predictor finished by another: "
                    + killedBatch.stream().filter((id) -> !killed.worker().equals(run.records().get(id).worker())).count()
                    + " of " + killedBatch.size());
            note("uploads retried by the client: " + run.uploads().retries().size());
            report(tally);

            assertThat(tally.lost()).as("lost").isEmpty();
            assertThat(tally.duplicated()).as("duplicated").isEmpty();
        }
    }

    private void holdOutage(FaultStack stack) {
        await("the services survive the outage").during(OUTAGE).atMost(OUTAGE.plusSeconds(15))
            .until(() -> ProcessHandle.of(stack.apiProcess().pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    private static void awaitGone(FaultStack.Predictor predictor) {
        await(predictor.worker() + " gone").atMost(Duration.ofSeconds(90))
            .until(() -> ProcessHandle.of(predictor.pid()).map((process) -> !process.isAlive()).orElse(true));
    }

    private static void awaitAccepted(Scenario run, int count) {
        await(count + " jobs accepted").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(200))
            .until(() -> run.ledger().acceptedIds().size() >= count);
    }

    private void note(String event) {
        String line = String.format("%6.1f s  %s", Duration.between(this.start, Instant.now()).toMillis() / 1000.0, event);
        this.timeline.add(line);
        System.out.println("fault-run: " + line);
    }

    private void report(Tally tally) throws IOException {
        String report = "Timeline:\n\n```\n" + String.join("\n", this.timeline) + "\n```\n\n" + tally.table();
        System.out.println(report);
        Path file = Path.of(System.getProperty("deep-predictor.root", "../.."))
            .resolve("infra/e2e-tests/target/fault-injection-run.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
    }

}
