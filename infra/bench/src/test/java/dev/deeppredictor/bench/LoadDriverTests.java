package dev.deeppredictor.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadDriverTests {

    @Test
    void inFlightJobsAreBoundedAndAllFinish() throws Exception {
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        AtomicInteger ids = new AtomicInteger();
        AtomicReference<LoadDriver> self = new AtomicReference<>();
        LoadDriver driver = new LoadDriver(4, 3, Duration.ZERO);
        self.set(driver);
        try {
            LoadDriver.Result result = driver.run("fake", () -> {
                String id = "job-" + ids.incrementAndGet();
                mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                worker.schedule(() -> {
                    open.decrementAndGet();
                    self.get().finished(id, System.nanoTime());
                }, 2, TimeUnit.MILLISECONDS);
                return id;
            }, Duration.ofMillis(100), Duration.ofMillis(300));
            assertThat(mostOpen.get()).isLessThanOrEqualTo(3);
            assertThat(result.unfinished()).isZero();
            assertThat(result.completedInWindow()).isPositive();
            assertThat(result.perSecond()).isPositive();
            assertThat(result.endToEnd().p50()).isGreaterThanOrEqualTo(2.0);
            assertThat(result.measuredIds()).hasSize(result.endToEnd().count());
        }
        finally {
            worker.shutdownNow();
        }
    }

    @Test
    void aLimitStopsTheSubmissionsAtThatCount() throws Exception {
        AtomicInteger ids = new AtomicInteger();
        AtomicReference<LoadDriver> self = new AtomicReference<>();
        LoadDriver driver = new LoadDriver(3, 8, Duration.ZERO).limit(50);
        self.set(driver);
        LoadDriver.Result result = driver.run("limited", () -> {
            String id = "job-" + ids.incrementAndGet();
            self.get().finished(id, System.nanoTime());
            return id;
        }, Duration.ZERO, Duration.ofMinutes(5));
        assertThat(result.submitted()).isEqualTo(50);
        assertThat(driver.finishedCount()).isEqualTo(50);
    }

}
