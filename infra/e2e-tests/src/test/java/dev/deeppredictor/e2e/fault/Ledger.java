package dev.deeppredictor.e2e.fault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoException;

/**
 * What the client knows and what the records say. Uploads report each job accepted (with the id
 * the API gave it) or refused for good; a watcher reads all accepted records every 250 ms and
 * remembers the first final state of each, so that a result written a second time, by another
 * worker or at another time, is caught even if it happened between two reads of the test.
 */
final class Ledger implements AutoCloseable {

    private final Records records;

    private final Map<String, String> acceptedJobs = new ConcurrentHashMap<>();

    private final Map<String, Set<String>> idsOfJob = new ConcurrentHashMap<>();

    private final Map<String, String> refused = new ConcurrentHashMap<>();

    private final Map<String, Snapshot> firstFinal = new ConcurrentHashMap<>();

    private final Map<String, Snapshot> latest = new ConcurrentHashMap<>();

    private final Set<String> rewritten = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor((task) -> {
        Thread thread = new Thread(task, "ledger-watcher");
        thread.setDaemon(true);
        return thread;
    });

    Ledger(Records records) {
        this.records = records;
        this.watcher.scheduleWithFixedDelay(this::observe, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** The API accepted client job {@code job} as prediction {@code id} (a retried upload may say so again). */
    void accepted(String job, String id) {
        this.acceptedJobs.put(id, job);
        this.idsOfJob.computeIfAbsent(job, (key) -> ConcurrentHashMap.newKeySet()).add(id);
    }

    void refused(String job, String reason) {
        this.refused.put(job, reason);
    }

    Set<String> acceptedIds() {
        return Set.copyOf(this.acceptedJobs.keySet());
    }

    int settledJobs() {
        return this.idsOfJob.size() + this.refused.size();
    }

    Map<String, String> refusals() {
        return Map.copyOf(this.refused);
    }

    /** The latest record of every accepted id that has been read at least once. */
    Map<String, Snapshot> latest() {
        return Map.copyOf(this.latest);
    }

    /** Reads the accepted records once; false when the store did not answer. */
    synchronized boolean observe() {
        Set<String> ids = acceptedIds();
        if (ids.isEmpty()) {
            return true;
        }
        List<Snapshot> read;
        try {
            read = this.records.find(ids);
        }
        catch (MongoException ex) {
            // The store is down or frozen on purpose: read again next round.
            return false;
        }
        for (Snapshot snapshot : read) {
            this.latest.put(snapshot.id(), snapshot);
            if (snapshot.isFinal()) {
                Snapshot first = this.firstFinal.putIfAbsent(snapshot.id(), snapshot);
                if (first != null && !snapshot.sameResultAs(first)) {
                    this.rewritten.add(snapshot.id());
                }
            }
        }
        return true;
    }

    /** Whether every accepted job has a final record. */
    boolean allFinal() {
        return observe() && acceptedIds().stream().allMatch((id) -> {
            Snapshot snapshot = this.latest.get(id);
            return snapshot != null && snapshot.isFinal();
        });
    }

    /**
     * Duplicated: a final result written again, or one client job that became two predictions
     * (a retried upload must get the prediction of its first attempt).
     */
    Set<String> duplicated() {
        Set<String> duplicated = ConcurrentHashMap.newKeySet();
        duplicated.addAll(this.rewritten);
        this.idsOfJob.values().stream().filter((ids) -> ids.size() > 1).forEach(duplicated::addAll);
        return duplicated;
    }

    /** Accepted and not final (or with no record at all). */
    Set<String> lost() {
        observe();
        Set<String> lost = ConcurrentHashMap.newKeySet();
        for (String id : acceptedIds()) {
            Snapshot snapshot = this.latest.get(id);
            if (snapshot == null || !snapshot.isFinal()) {
                lost.add(id);
            }
        }
        return lost;
    }

    Tally tally(int submitted, Map<String, Integer> events, Duration took) {
        return Tally.of(submitted, this, events, took);
    }

    @Override
    public void close() {
        this.watcher.shutdownNow();
    }

}
