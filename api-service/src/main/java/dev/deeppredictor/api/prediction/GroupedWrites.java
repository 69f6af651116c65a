package dev.deeppredictor.api.prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Writes for many ids in groups (group commit): the first id starts a write at once; ids that
 * arrive while a write is under way wait for it and then go together in the next one, up to
 * {@code maxGroup} per write. A lone id is never delayed, and under load one database command
 * serves many uploads. Each id's {@link Mono} completes when the write that carried it did, or
 * fails with that write's error.
 */
final class GroupedWrites {

    private final Function<List<String>, Mono<Void>> write;

    private final int maxGroup;

    private final Object lock = new Object();

    private List<Waiting> queued = new ArrayList<>();

    private boolean writing;

    GroupedWrites(Function<List<String>, Mono<Void>> write, int maxGroup) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1");
        }
        this.write = write;
        this.maxGroup = maxGroup;
    }

    Mono<Void> add(String id) {
        return Mono.create((sink) -> {
            boolean start;
            synchronized (this.lock) {
                this.queued.add(new Waiting(id, sink));
                start = !this.writing;
                this.writing = true;
            }
            if (start) {
                writeNext();
            }
        });
    }

    private void writeNext() {
        List<Waiting> group;
        synchronized (this.lock) {
            if (this.queued.isEmpty()) {
                this.writing = false;
                return;
            }
            int size = Math.min(this.maxGroup, this.queued.size());
            group = new ArrayList<>(this.queued.subList(0, size));
            this.queued = new ArrayList<>(this.queued.subList(size, this.queued.size()));
        }
        Mono<Void> written;
        try {
            written = this.write.apply(group.stream().map(Waiting::id).toList());
        }
        catch (RuntimeException ex) {
            written = Mono.error(ex);
        }
        written.subscribe(null, (ex) -> {
            group.forEach((waiting) -> waiting.sink().error(ex));
            writeNext();
        }, () -> {
            group.forEach((waiting) -> waiting.sink().success());
            writeNext();
        });
    }

    private record Waiting(String id, MonoSink<Void> sink) {
    }

}
