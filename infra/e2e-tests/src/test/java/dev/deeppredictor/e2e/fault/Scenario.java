package dev.deeppredictor.e2e.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One fault test's jobs on the fault stack: its client, its ledger, its result-event counter, and
 * the checks every fault test ends with.
 */
final class Scenario implements AutoCloseable {

    private final FaultStack stack;

    private final Ledger ledger;

    private final Uploads uploads;

    private final ResultEventCounter events;

    private final Instant started = Instant.now();

    private Scenario(FaultStack stack, Ledger ledger, Uploads uploads, ResultEventCounter events) {
        this.stack = stack;
        this.ledger = ledger;
        this.uploads = uploads;
        this.events = events;
    }

    /** @param prefix starts the ids of this scenario's jobs, unique per stack */
    static Scenario begin(FaultStack stack, String prefix) {
        Ledger ledger = new Ledger(stack.records());
        return new Scenario(stack, ledger, new Uploads(stack.apiUrl(), prefix, ledger),
                new ResultEventCounter(stack.servers(), stack.virtualHost()));
    }

    Uploads uploads() {
        return this.uploads;
    }

    Ledger ledger() {
        return this.ledger;
    }

    /** Waits until every submitted job was accepted or refused for good. */
    void awaitUploadsSettled(Duration atMost) {
        await("uploads settled").atMost(atMost).pollInterval(Duration.ofMillis(100))
            .until(() -> this.ledger.settledJobs() == this.uploads.submitted());
    }

    /**
     * Waits for the uploads and then for every accepted prediction to be final, and checks what
     * every fault must leave intact: all jobs accepted (the client retried through the fault), all
     * ended SUCCEEDED, none lost, none duplicated.
     */
    Tally finish(Duration atMost) {
        awaitUploadsSettled(atMost);
        await("all accepted predictions final").atMost(atMost).pollInterval(Duration.ofMillis(500))
            .until(this.ledger::allFinal);
        Tally tally = tally();
        System.out.println(tally.table());
        assertThat(this.ledger.refusals()).as("uploads refused for good").isEmpty();
        assertThat(tally.accepted()).isEqualTo(this.uploads.submitted());
        assertThat(tally.lost()).as("lost").isEmpty();
        assertThat(tally.duplicated()).as("duplicated").isEmpty();
        assertThat(tally.outcomes()).as("how the predictions ended").containsOnlyKeys("SUCCEEDED");
        return tally;
    }

    Tally tally() {
        return this.ledger.tally(this.uploads.submitted(), this.events.counts(), Duration.between(this.started, Instant.now()));
    }

    /** The accepted predictions whose result {@code worker} wrote. */
    Set<String> finishedBy(String worker) {
        return this.ledger.latest().values().stream()
            .filter((snapshot) -> snapshot.isFinal() && worker.equals(snapshot.worker()))
            .map(Snapshot::id)
            .collect(Collectors.toSet());
    }

    Map<String, Snapshot> records() {
        return this.ledger.latest();
    }

    /** Leaves no process frozen behind, whatever the test did. */
    @Override
    public void close() {
        this.stack.store().ensureRunning();
        this.stack.predictors().forEach((predictor) -> Signals.send(predictor.pid(), "CONT"));
        this.uploads.close();
        this.events.close();
        this.ledger.close();
    }

}
