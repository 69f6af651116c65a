package dev.deeppredictor.infra.test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A small shell process that outlives a test JVM killed without running its shutdown hooks (a
 * SIGKILL from a build timeout or an IDE) and then stops the launcher and the RabbitMQ node, so
 * such a kill leaves no servers behind. After a normal shutdown it is ended before it has to act.
 */
final class CleanupWatchdog {

    // Polls the test JVM; once it is gone, stops what it started. setsid keeps a Ctrl-C in the
    // terminal, meant for the build, from ending the watchdog too.
    private static final String SCRIPT = """
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            echo "test JVM $1 is gone; stopping its servers"
            kill -TERM "$2" 2>/dev/null
            exec bash "$3" stop
            """;

    private final Process process;

    private CleanupWatchdog(Process process) {
        this.process = process;
    }

    static CleanupWatchdog watch(LauncherProcess launcher, LocalRabbitNode rabbit, Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(List.of("setsid", "bash", "-c", SCRIPT, "cleanup-watchdog",
                String.valueOf(ProcessHandle.current().pid()), String.valueOf(launcher.pid()),
                rabbit.script().toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(rabbit.environment());
        try {
            return new CleanupWatchdog(builder.start());
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot start the cleanup watchdog", ex);
        }
    }

    void cancel() {
        process.destroy();
    }

}
