package dev.deeppredictor.infra.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RabbitMQ node of this test JVM alone, run by {@code infra/local/rabbitmq.sh} with its own node
 * name, ports, epmd and data folder, so that test JVMs of several modules never meet.
 */
final class LocalRabbitNode {

    private static final Logger log = LoggerFactory.getLogger(LocalRabbitNode.class);

    private static final long SCRIPT_TIMEOUT_SECONDS = 180;

    private final Path script;

    private final Map<String, String> environment;

    private final Path logFile;

    private final int amqpPort;

    private final int managementPort;

    private LocalRabbitNode(Path script, Map<String, String> environment, Path logFile, int amqpPort,
            int managementPort) {
        this.script = script;
        this.environment = environment;
        this.logFile = logFile;
        this.amqpPort = amqpPort;
        this.managementPort = managementPort;
    }

    /** A node named {@code dptest<id>@localhost} keeping its data under {@code dataDir}; not started yet. */
    static LocalRabbitNode create(Path repoRoot, Path dataDir, String id) {
        List<Integer> ports = FreePorts.pick(4);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("DP_DATA_DIR", dataDir.toString());
        environment.put("DP_RABBITMQ_NODE", "dptest" + id + "@localhost");
        environment.put("DP_RABBITMQ_PORT", String.valueOf(ports.get(0)));
        environment.put("DP_RABBITMQ_MANAGEMENT_PORT", String.valueOf(ports.get(1)));
        environment.put("DP_RABBITMQ_DIST_PORT", String.valueOf(ports.get(2)));
        environment.put("DP_EPMD_PORT", String.valueOf(ports.get(3)));
        return new LocalRabbitNode(repoRoot.resolve("infra/local/rabbitmq.sh"), Map.copyOf(environment),
                dataDir.resolve("rabbitmq.sh.log"), ports.get(0), ports.get(1));
    }

    int amqpPort() {
        return amqpPort;
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The variables that make {@code rabbitmq.sh} act on this node. */
    Map<String, String> environment() {
        return environment;
    }

    Path script() {
        return script;
    }

    void start() {
        long started = System.nanoTime();
        run("start");
        log.info("RabbitMQ node {} ready on 127.0.0.1:{} in {} ms", environment.get("DP_RABBITMQ_NODE"), amqpPort,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    void stop() {
        run("stop");
    }

    private void run(String command) {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            Process process = builder.start();
            if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("rabbitmq.sh " + command + " took longer than "
                        + SCRIPT_TIMEOUT_SECONDS + " s; see " + logFile);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("rabbitmq.sh " + command + " failed with exit code "
                        + process.exitValue() + "; see " + logFile + ":\n" + LogTail.of(logFile));
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot run " + script, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running rabbitmq.sh " + command, ex);
        }
    }

}
