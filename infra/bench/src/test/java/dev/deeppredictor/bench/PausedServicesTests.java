package dev.deeppredictor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The services are stopped while paused and run again afterwards; the servers are left alone. */
class PausedServicesTests {

    @Test
    void pausesTheServicesOnlyAndResumesThem() throws Exception {
        Process api = new ProcessBuilder("sleep", "60").start();
        Process servers = new ProcessBuilder("sleep", "60").start();
        try {
            Map<String, Long> pids = Map.of("api", api.pid(), "servers", servers.pid());
            try (PausedServices paused = PausedServices.pause(pids)) {
                assertThat(settledState(api.pid(), true)).isEqualTo('T');
                assertThat(state(servers.pid())).isNotEqualTo('T');
            }
            assertThat(settledState(api.pid(), false)).isNotEqualTo('T');
        }
        finally {
            api.destroyForcibly();
            servers.destroyForcibly();
        }
    }

    /** The state once it is (or is not) stopped, or after 2 s: a signal is delivered asynchronously. */
    private static char settledState(long pid, boolean stopped) throws Exception {
        long deadline = System.nanoTime() + 2_000_000_000L;
        char state = state(pid);
        while ((state == 'T') != stopped && System.nanoTime() < deadline) {
            Thread.sleep(10);
            state = state(pid);
        }
        return state;
    }

    /** The state letter of /proc/PID/stat: T when stopped by a signal. */
    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

}
