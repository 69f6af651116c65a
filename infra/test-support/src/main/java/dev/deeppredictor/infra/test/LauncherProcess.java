package dev.deeppredictor.infra.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 and MongoDB launcher of {@code infra/servers}, run as a subprocess so that its libraries
 * never reach the class path of the tests, with MongoDB in memory and ports of its own choosing.
 */
final class LauncherProcess {

    static final String ACCESS_KEY = "deep-predictor";

    static final String SECRET_KEY = "deep-predictor-secret";

    private static final Logger log = LoggerFactory.getLogger(LauncherProcess.class);

    private static final Pattern READY = Pattern.compile("READY s3=(\\S+) mongo=(\\S+)");

    private static final long READY_TIMEOUT_SECONDS = 60;

    private final Process process;

    private final String s3Endpoint;

    private final String mongoBaseUri;

    private LauncherProcess(Process process, String s3Endpoint, String mongoBaseUri) {
        this.process = process;
        this.s3Endpoint = s3Endpoint;
        this.mongoBaseUri = mongoBaseUri;
    }

    static LauncherProcess start(Path repoRoot, Path dataDir, String bucket) {
        Path jar = repoRoot.resolve("infra/servers/target/local-servers.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing. Build infra/servers first: "
                    + "./mvnw -B -pl infra/servers -am package -DskipTests");
        }
        Path logFile = dataDir.resolve("local-servers.log");
        long started = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(List.of(javaExecutable(), "-jar", jar.toString(), "--mongo-backend", "memory",
                    "--s3-port", "0", "--mongo-port", "0", "--data-dir", dataDir.resolve("servers").toString(),
                    "--s3-bucket", bucket, "--s3-access-key", ACCESS_KEY, "--s3-secret-key", SECRET_KEY))
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot start " + jar, ex);
        }
        try {
            Matcher ready = READY.matcher(firstLine(process));
            if (!ready.matches()) {
                throw new IllegalStateException("unexpected first line '" + ready + "'");
            }
            log.info("Local S3 {} and MongoDB {} ready in {} ms", ready.group(1), ready.group(2),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new LauncherProcess(process, ready.group(1), ready.group(2));
        }
        catch (RuntimeException ex) {
            process.destroyForcibly();
            throw new IllegalStateException("the local servers did not start (" + ex.getMessage() + "); see " + logFile
                    + ":\n" + LogTail.of(logFile), ex);
        }
    }

    String s3Endpoint() {
        return s3Endpoint;
    }

    String mongoBaseUri() {
        return mongoBaseUri;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, which the launcher answers by stopping both servers; SIGKILL after 30 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("Local servers ignored SIGTERM for 30 s; killing them");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String firstLine(Process process) {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        });
        try {
            String first = line.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (first == null) {
                throw new IllegalStateException("exit code " + process.waitFor());
            }
            return first;
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("no READY line within " + READY_TIMEOUT_SECONDS + " s", ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException(ex.getCause().getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
