package dev.deeppredictor.e2e.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * POSIX signals to the processes of a fault test. SIGSTOP freezes a process as it is, mid-call:
 * its sockets stay open and its peers see a server or client that no longer answers.
 */
final class Signals {

    private Signals() {
    }

    /** SIGSTOP, returning once every thread of the process is stopped. */
    static void freeze(long pid) {
        send(pid, "STOP");
        await("process " + pid + " stopped").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
            .until(() -> allThreadsStopped(pid));
    }

    /** SIGCONT. */
    static void thaw(long pid) {
        send(pid, "CONT");
    }

    /** SIGTERM: what an orchestrator sends to stop a process. */
    static void terminate(long pid) {
        send(pid, "TERM");
    }

    /** SIGKILL: the process gets no chance to clean up. */
    static void kill(long pid) {
        send(pid, "KILL");
    }

    static void send(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, ex);
        }
    }

    /** Field 3 of /proc/pid/task/tid/stat is the thread's state; T means stopped by a signal. */
    private static boolean allThreadsStopped(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.allMatch((task) -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    return state == 'T' || state == 't';
                }
                catch (IOException ex) {
                    // The thread ended meanwhile.
                    return true;
                }
            });
        }
    }

}
