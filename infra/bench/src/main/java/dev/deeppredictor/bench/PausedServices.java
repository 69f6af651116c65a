package dev.deeppredictor.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's services held still (SIGSTOP) while the limits are measured again after the
 * pipeline, and let go (SIGCONT) on close. Idle services still poll their queues, run their
 * schedules and collect garbage; stopped, they take nothing from the bare engine and the bare client,
 * which then measure as they did before the services started.
 */
final class PausedServices implements AutoCloseable {

    /** The processes of {@code --pids} that are the pipeline's own, not the servers it shares. */
    static final List<String> SERVICES = List.of("api", "predictor");

    private final List<Long> pids;

    private PausedServices(List<Long> pids) {
        this.pids = pids;
    }

    static PausedServices pause(Map<String, Long> pidsByName) throws IOException, InterruptedException {
        List<Long> pids = new ArrayList<>();
        for (String name : SERVICES) {
            Long pid = pidsByName.get(name);
            if (pid != null) {
                pids.add(pid);
            }
        }
        signal("STOP", pids);
        return new PausedServices(pids);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        signal("CONT", this.pids);
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach((pid) -> command.add(Long.toString(pid)));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pids + " failed");
        }
    }

}
