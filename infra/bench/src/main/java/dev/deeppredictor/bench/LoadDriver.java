package dev.deeppredictor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: {@code uploaders} threads submit jobs while fewer than {@code maxInFlight}
 * are unfinished, optionally pausing between jobs. After a warm-up, a measurement window counts the
 * jobs finished in it (throughput) and the latencies of the jobs started in it. The in-flight bound
 * keeps the queue short, so latencies at saturation measure the pipeline rather than a backlog.
 */
final class LoadDriver {

    /** Submits one job and returns its id once the system accepted it. */
    interface Submitter {

        String submit() throws Exception;

    }

    private final int uploaders;

    private final Semaphore inFlight;

    private final Duration pause;

    private final Map<String, Long> started = new ConcurrentHashMap<>();

    private final Map<String, Long> finished = new ConcurrentHashMap<>();

    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();

    private final Latencies accepted = new Latencies();

    private final AtomicLong failures = new AtomicLong();

    private final AtomicLong quota = new AtomicLong(Long.MAX_VALUE);

    private volatile long windowStart = Long.MAX_VALUE;

    private volatile long windowEnd = Long.MAX_VALUE;

    LoadDriver(int uploaders, int maxInFlight, Duration pause) {
        this.uploaders = uploaders;
        this.inFlight = new Semaphore(maxInFlight);
        this.pause = pause;
    }

    /** Stops submitting after {@code jobs} jobs in all, whatever the window says. */
    LoadDriver limit(long jobs) {
        this.quota.set(jobs);
        return this;
    }

    long finishedCount() {
        return this.finished.size();
    }

    /** Called by whatever sees a job finish (result event, consumer ack), from any thread. */
    void finished(String id, long nanos) {
        if (this.finished.putIfAbsent(id, nanos) == null) {
            this.inFlight.release();
        }
    }

    Result run(String name, Submitter submitter, Duration warmup, Duration measure) throws InterruptedException {
        long begin = System.nanoTime();
        this.windowStart = begin + warmup.toNanos();
        this.windowEnd = this.windowStart + measure.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < this.uploaders; i++) {
            Thread thread = new Thread(() -> upload(submitter), name + "-uploader-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // Let the jobs in flight finish, so that their latencies count too.
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (this.finished.size() < this.started.size() && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        return result(name, measure);
    }

    private void upload(Submitter submitter) {
        while (System.nanoTime() < this.windowEnd) {
            try {
                if (!this.inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                if (this.quota.getAndDecrement() <= 0) {
                    this.inFlight.release();
                    return;
                }
                long start = System.nanoTime();
                String id = submitter.submit();
                long acceptedAt = System.nanoTime();
                this.started.put(id, start);
                this.acceptedAt.put(id, acceptedAt);
                if (start >= this.windowStart && start < this.windowEnd) {
                    this.accepted.add(acceptedAt - start);
                }
                if (!this.pause.isZero()) {
                    Thread.sleep(this.pause.toMillis());
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (Exception ex) {
                this.inFlight.release();
                if (this.failures.incrementAndGet() <= 5) {
                    System.err.println("bench: a submission failed: " + ex);
                }
            }
        }
    }

    private Result result(String name, Duration measure) {
        Latencies endToEnd = new Latencies();
        long done = 0;
        List<String> measuredIds = new ArrayList<>();
        for (Map.Entry<String, Long> entry : this.finished.entrySet()) {
            long at = entry.getValue();
            if (at >= this.windowStart && at < this.windowEnd) {
                done++;
            }
            Long start = this.started.get(entry.getKey());
            if (start != null && start >= this.windowStart && start < this.windowEnd) {
                endToEnd.add(at - start);
                measuredIds.add(entry.getKey());
            }
        }
        long lost = this.started.keySet().stream().filter((id) -> !this.finished.containsKey(id)).count();
        double perSecond = done / (measure.toNanos() / 1e9);
        return new Result(name, done, Math.round(perSecond * 10) / 10.0, this.accepted.summary(), endToEnd.summary(),
                this.started.size(), lost, this.failures.get(), List.copyOf(measuredIds), Map.copyOf(this.acceptedAt),
                Map.copyOf(this.finished));
    }

    /**
     * @param completedInWindow jobs finished inside the measurement window
     * @param perSecond those jobs per second
     * @param accepted submit to accepted, for jobs started in the window
     * @param endToEnd submit to finished, for jobs started in the window
     * @param submitted all jobs accepted, warm-up included
     * @param unfinished accepted jobs that never finished (lost or still running after the drain)
     * @param failures submissions refused or failed
     * @param measuredIds the jobs started in the window that finished
     * @param acceptedAt when each job was accepted (nanoTime)
     * @param finishedAt when each job was seen finished (nanoTime)
     */
    record Result(String name, long completedInWindow, double perSecond, Latencies.Summary accepted,
            Latencies.Summary endToEnd, long submitted, long unfinished, long failures, List<String> measuredIds,
            Map<String, Long> acceptedAt, Map<String, Long> finishedAt) {
    }

}
