package dev.deeppredictor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The services are stopped while paused and run again afterwards; the servers are left alone. */
class PausedServicesTests {

    @Test
    void pausesTheServicesOnlyAndResumesThem() throws Exception {
        Process api = new ProcessBuilder("sleep", "60").start();
        Process servers = new ProcessBuilder("sleep", "60").start();
        try {
            Map<String, Long> pids = Map.of("api", api.pid(), "servers", servers.pid());
            try (PausedServices paused = PausedServices.pause(pids)) {
                // A signal is delivered asynchronously: wait for its effect.
                await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(state(api.pid())).isEqualTo('T'));
                assertThat(state(servers.pid())).isNotEqualTo('T');
            }
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(state(api.pid())).isNotEqualTo('T'));
        }
        finally {
            api.destroyForcibly();
            servers.destroyForcibly();
        }
    }

    /** The state letter of /proc/PID/stat: T when stopped by a signal. */
    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

}
