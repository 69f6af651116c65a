package dev.deeppredictor.infra.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged launcher, {@code target/local-servers.jar}, run as a subprocess the way the scripts
 * run it: this checks the jar's manifest and copied libraries as well as the servers.
 */
final class LauncherProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("READY s3=(\\S+) mongo=(\\S+)");

    private final Process process;

    private final String s3Endpoint;

    private final String mongoUri;

    private LauncherProcess(Process process, String s3Endpoint, String mongoUri) {
        this.process = process;
        this.s3Endpoint = s3Endpoint;
        this.mongoUri = mongoUri;
    }

    /** Starts the jar with {@code args} and waits for its READY line; its log goes to {@code log}. */
    static LauncherProcess start(Path log, String... args) throws Exception {
        Path jar = Path.of("target", "local-servers.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run after the package phase");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        try {
            Matcher ready = READY.matcher(readFirstLine(process));
            if (!ready.matches()) {
                throw new IllegalStateException("unexpected first line of the launcher: '" + ready + "'");
            }
            return new LauncherProcess(process, ready.group(1), ready.group(2));
        }
        catch (Exception ex) {
            process.destroyForcibly();
            throw new IllegalStateException("launcher did not start, see " + log, ex);
        }
    }

    String s3Endpoint() {
        return s3Endpoint;
    }

    String mongoUri() {
        return mongoUri;
    }

    /** Sends SIGTERM and returns the exit code, as the scripts stop it. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("launcher ignored SIGTERM for 30 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private static String readFirstLine(Process process) throws Exception {
        BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }).get(60, TimeUnit.SECONDS);
        if (line == null) {
            throw new IllegalStateException("launcher exited with code " + process.waitFor());
        }
        return line;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
