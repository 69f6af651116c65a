package dev.deeppredictor.e2e.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The object store and MongoDB of the fault tests: the launcher of {@code infra/servers} with both
 * kept on disk (S3Proxy's filesystem provider, mongo-java-server's H2 file), so that it can be
 * stopped and started again on the same ports without losing a record or an image. The shared
 * test servers keep MongoDB in memory and could not come back with their data.
 */
final class StoreProcess implements AutoCloseable {

    static final String ACCESS_KEY = "deep-predictor";

    static final String SECRET_KEY = "deep-predictor-secret";

    static final String BUCKET = "deep-predictor";

    private final Path jar;

    private final Path dataDir;

    private final int s3Port;

    private final int mongoPort;

    private Process process;

    private boolean frozen;

    private StoreProcess(Path jar, Path dataDir, int s3Port, int mongoPort) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.s3Port = s3Port;
        this.mongoPort = mongoPort;
    }

    static StoreProcess start(Path repo, Path dataDir) {
        Path jar = repo.resolve("infra/servers/target/local-servers.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package infra/servers first");
        }
        StoreProcess store = new StoreProcess(jar, dataDir, freePort(), freePort());
        store.launch();
        return store;
    }

    String s3Endpoint() {
        return "http://127.0.0.1:" + this.s3Port;
    }

    String mongoUri(String database) {
        return "mongodb://127.0.0.1:" + this.mongoPort + "/" + database;
    }

    long pid() {
        return this.process.pid();
    }

    /** Hangs both servers: connections stay open and requests get no answer. */
    synchronized void freeze() {
        Signals.freeze(pid());
        this.frozen = true;
    }

    synchronized void thaw() {
        Signals.thaw(pid());
        this.frozen = false;
    }

    /** Stops both servers cleanly (the H2 file is complete); connections are refused until {@link #restart()}. */
    synchronized void stop() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the store did not stop within 60 s");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the store", ex);
        }
    }

    /** Starts both servers again on the same ports, with the data they had. */
    synchronized void restart() {
        // A port of the old process can be held for a moment by the kernel; the launcher then
        // exits at once and is simply started again.
        await("store restarted").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions().until(() -> {
                launch();
                return true;
            });
    }

    private void launch() {
        Path log = this.dataDir.resolve("local-servers.log");
        try {
            Files.createDirectories(this.dataDir);
            Process started = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-jar", this.jar.toString(), "--mongo-backend", "h2", "--data-dir",
                    this.dataDir.resolve("data").toString(), "--s3-port", Integer.toString(this.s3Port), "--mongo-port",
                    Integer.toString(this.mongoPort), "--s3-bucket", BUCKET, "--s3-access-key", ACCESS_KEY,
                    "--s3-secret-key", SECRET_KEY))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY ")) {
                started.destroyForcibly();
                throw new IllegalStateException("the store did not start (" + ready + "); see " + log);
            }
            this.process = started;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Undoes whatever outage a failed test left behind. */
    synchronized void ensureRunning() {
        if (this.frozen) {
            thaw();
        }
        if (!this.process.isAlive()) {
            restart();
        }
    }

    @Override
    public synchronized void close() {
        if (this.process == null || !this.process.isAlive()) {
            return;
        }
        if (this.frozen) {
            thaw();
        }
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
