package dev.deeppredictor.api.prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/** How marks wait for the write under way and then go together. */
class GroupedWritesTests {

    private final List<List<String>> writes = new ArrayList<>();

    private final List<Sinks.Empty<Void>> pending = new ArrayList<>();

    private final GroupedWrites grouped = new GroupedWrites((ids) -> {
        this.writes.add(ids);
        Sinks.Empty<Void> done = Sinks.empty();
        this.pending.add(done);
        return done.asMono();
    }, 3);

    @Test
    void aLoneMarkIsWrittenAtOnce() {
        AtomicReference<String> outcome = track(this.grouped.add("a"));

        assertThat(this.writes).containsExactly(List.of("a"));
        assertThat(outcome).hasValue("pending");
        this.pending.get(0).tryEmitEmpty();
        assertThat(outcome).hasValue("written");
    }

    @Test
    void marksArrivingDuringAWriteGoTogetherInTheNextOneAtMostMaxGroupAtATime() {
        AtomicReference<String> first = track(this.grouped.add("a"));
        List<AtomicReference<String>> later = new ArrayList<>();
        for (String id : List.of("b", "c", "d", "e")) {
            later.add(track(this.grouped.add(id)));
        }
        assertThat(this.writes).containsExactly(List.of("a"));

        this.pending.get(0).tryEmitEmpty();
        assertThat(first).hasValue("written");
        assertThat(this.writes).containsExactly(List.of("a"), List.of("b", "c", "d"));
        assertThat(later).extracting(AtomicReference::get).containsOnly("pending");

        this.pending.get(1).tryEmitEmpty();
        assertThat(this.writes).containsExactly(List.of("a"), List.of("b", "c", "d"), List.of("e"));
        this.pending.get(2).tryEmitEmpty();
        assertThat(later).extracting(AtomicReference::get).containsOnly("written");

        track(this.grouped.add("f"));
        assertThat(this.writes).hasSize(4).last().isEqualTo(List.of("f"));
    }

    @Test
    void aFailedWriteFailsItsMarksAndTheNextGroupIsStillWritten() {
        AtomicReference<String> first = track(this.grouped.add("a"));
        AtomicReference<String> second = track(this.grouped.add("b"));

        this.pending.get(0).tryEmitError(new IllegalStateException("database down"));

        assertThat(first).hasValue("failed: database down");
        assertThat(this.writes).containsExactly(List.of("a"), List.of("b"));
        this.pending.get(1).tryEmitEmpty();
        assertThat(second).hasValue("written");
    }

    @Test
    void aWriteThatThrowsFailsItsMarksWithoutStoppingLaterOnes() {
        List<List<String>> calls = new ArrayList<>();
        GroupedWrites throwing = new GroupedWrites((ids) -> {
            calls.add(ids);
            if (calls.size() == 1) {
                throw new IllegalArgumentException("bad query");
            }
            return Mono.empty();
        }, 10);

        assertThat(track(throwing.add("a"))).hasValue("failed: bad query");
        assertThat(track(throwing.add("b"))).hasValue("written");
    }

    private static AtomicReference<String> track(Mono<Void> mark) {
        AtomicReference<String> outcome = new AtomicReference<>("pending");
        mark.subscribe(null, (ex) -> outcome.set("failed: " + ex.getMessage()), () -> outcome.set("written"));
        return outcome;
    }

}
