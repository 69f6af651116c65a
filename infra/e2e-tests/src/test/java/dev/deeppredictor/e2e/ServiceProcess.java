package dev.deeppredictor.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One packaged service run as its own JVM, as in production: configured only by environment
 * variables, logging to a file under target, stopped with SIGTERM.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;

    private final int port;

    private final Process process;

    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code <repo>/<module>/target/<module>.jar} and waits until its health is UP. */
    public static ServiceProcess start(Path repo, String module, String name, Map<String, String> environment) {
        Path jar = repo.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        int port = freePort();
        Path log = repo.resolve("infra/e2e-tests/target/service-logs").resolve(name + ".log");
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx1g", "-Dai.djl.offline=true", "-jar",
                    jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            ServiceProcess service = new ServiceProcess(name, port, builder.start(), log);
            service.awaitHealthy();
            return service;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The file its output goes to. */
    public Path log() {
        return this.log;
    }

    /** The operating system's process id, for the fault tests' signals. */
    public long pid() {
        return this.process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + this.port;
    }

    private void awaitHealthy() {
        try {
            await(this.name + " healthy").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!this.process.isAlive()) {
                        throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
                                + "; its log is " + this.log);
                    }
                    return isUp();
                });
        }
        catch (RuntimeException ex) {
            close();
            throw new IllegalStateException(ex.getMessage() + "\n--- last lines of " + this.log + " ---\n" + tail(), ex);
        }
    }

    private boolean isUp() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(this.log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    /** Asks the process to stop (SIGTERM) without waiting, so that several stop at once. */
    public void requestStop() {
        this.process.destroy();
    }

    @Override
    public void close() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroyForcibly();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
