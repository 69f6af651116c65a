package dev.deeppredictor.infra.servers;

import java.nio.file.Path;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves S3 and MongoDB on 127.0.0.1 for machines without Docker. Once both listen it prints one
 * line to standard output, {@code READY s3=http://127.0.0.1:PORT mongo=mongodb://127.0.0.1:PORT},
 * for scripts and tests to wait for and read the ports from; everything else is logged to standard
 * error. SIGTERM stops both servers cleanly, so the H2 file is complete on disk.
 */
public final class LocalServers implements AutoCloseable {

    /** Loopback only: these servers are for this machine's own processes. */
    static final String HOST = "127.0.0.1";

    static {
        // The S3Proxy bundle carries Logback as well. Naming the provider keeps SLF4J from warning
        // about two of them and from choosing by class path order; the verbosity keeps its note
        // about the named provider out of the log.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LocalServers.class);

    private final LocalS3 s3;

    private final LocalMongo mongo;

    private LocalServers(LocalS3 s3, LocalMongo mongo) {
        this.s3 = s3;
        this.mongo = mongo;
    }

    public static void main(String[] args) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(Arrays.asList(args));
        }
        catch (IllegalArgumentException ex) {
            log.error("{}\n{}", ex.getMessage(), LauncherOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalServers servers;
        try {
            servers = start(options);
        }
        catch (Exception ex) {
            log.error("Could not start the local servers", ex);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "local-servers-shutdown"));
        // The servers' non-daemon threads keep the process alive after main returns.
        System.out.println(servers.readyLine());
        System.out.flush();
    }

    /** Starts S3 and then MongoDB; stops S3 again when MongoDB cannot start. */
    public static LocalServers start(LauncherOptions options) throws Exception {
        LocalS3 s3 = LocalS3.start(options.s3Port(), options.s3Dir(), options.s3Bucket(), options.s3AccessKey(),
                options.s3SecretKey());
        log.info("S3 listening on {} ({})", s3.endpoint(), options.s3Dir() == null ? "in memory" : options.s3Dir());
        Path mongoFile = options.mongoBackend() == LauncherOptions.MongoBackendKind.H2 ? options.mongoFile() : null;
        LocalMongo mongo;
        try {
            mongo = LocalMongo.start(options.mongoPort(), mongoFile);
        }
        catch (Exception ex) {
            s3.close();
            throw ex;
        }
        log.info("MongoDB listening on {} ({})", mongo.uri(), mongoFile == null ? "in memory" : mongoFile);
        return new LocalServers(s3, mongo);
    }

    /** The line announcing both endpoints. */
    public String readyLine() {
        return "READY s3=" + s3.endpoint() + " mongo=" + mongo.uri();
    }

    /** Stops MongoDB first: it holds the data that has to reach the disk. */
    @Override
    public void close() {
        log.info("Stopping the local servers");
        try {
            mongo.close();
        }
        catch (RuntimeException ex) {
            log.warn("MongoDB did not stop cleanly", ex);
        }
        try {
            s3.close();
        }
        catch (Exception ex) {
            log.warn("S3 did not stop cleanly", ex);
        }
        log.info("Local servers stopped");
    }

}
