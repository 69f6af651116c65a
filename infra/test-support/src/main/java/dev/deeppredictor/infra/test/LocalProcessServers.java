package dev.deeppredictor.infra.test;

import java.nio.file.Path;

/**
 * The servers as processes of this machine, for hosts without Docker: a RabbitMQ node through
 * {@code infra/local/rabbitmq.sh} and the launcher jar of {@code infra/servers}.
 */
final class LocalProcessServers implements Servers {

    private final LocalRabbitNode rabbit;

    private final LauncherProcess launcher;

    private final CleanupWatchdog watchdog;

    private boolean closed;

    private LocalProcessServers(LocalRabbitNode rabbit, LauncherProcess launcher, CleanupWatchdog watchdog) {
        this.rabbit = rabbit;
        this.launcher = launcher;
        this.watchdog = watchdog;
    }

    /** Starts both; {@code id} makes the node name and the data folder unique on this machine. */
    static LocalProcessServers start(Path repoRoot, String id, String bucket) {
        Path dataDir = repoRoot.resolve("target/test-servers").resolve(id);
        LocalRabbitNode rabbit = LocalRabbitNode.create(repoRoot, dataDir, id);
        LauncherProcess launcher = LauncherProcess.start(repoRoot, dataDir, bucket);
        try {
            rabbit.start();
        }
        catch (RuntimeException ex) {
            launcher.stop();
            throw ex;
        }
        CleanupWatchdog watchdog = CleanupWatchdog.watch(launcher, rabbit, dataDir.resolve("cleanup-watchdog.log"));
        return new LocalProcessServers(rabbit, launcher, watchdog);
    }

    @Override
    public Endpoints endpoints() {
        return new Endpoints("127.0.0.1", rabbit.amqpPort(), "guest", "guest", rabbit.managementUrl(),
                launcher.mongoBaseUri(), launcher.s3Endpoint(), LauncherProcess.ACCESS_KEY, LauncherProcess.SECRET_KEY);
    }

    @Override
    public void stopRabbit() {
        rabbit.stop();
    }

    @Override
    public void startRabbit() {
        rabbit.start();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watchdog.cancel();
        try {
            launcher.stop();
        }
        finally {
            rabbit.stop();
        }
    }

}
