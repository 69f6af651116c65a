package dev.deeppredictor.infra.servers;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command line of the launcher. Every option takes a value, given as {@code --name value} or
 * {@code --name=value}.
 *
 * @param s3Port S3 port on 127.0.0.1; 0 picks a free one
 * @param mongoPort MongoDB port on 127.0.0.1; 0 picks a free one
 * @param dataDir folder of the stored data, or {@code null} to keep everything in memory
 * @param s3AccessKey the only access key S3 accepts
 * @param s3SecretKey the secret key of {@code s3AccessKey}
 * @param s3Bucket the bucket created at start when it does not exist yet
 * @param mongoBackend where MongoDB keeps its documents
 */
public record LauncherOptions(int s3Port, int mongoPort, Path dataDir, String s3AccessKey, String s3SecretKey,
        String s3Bucket, MongoBackendKind mongoBackend) {

    static final String USAGE = """
            Usage: java -jar local-servers.jar [options]
              --data-dir DIR          stored data: S3 objects in DIR/s3, MongoDB in DIR/mongo/deep-predictor.mv
                                      (required unless --mongo-backend memory; without it S3 is in memory too)
              --s3-port PORT          default 9000, 0 picks a free port
              --mongo-port PORT       default 27017, 0 picks a free port
              --s3-access-key KEY     default deep-predictor
              --s3-secret-key SECRET  default deep-predictor-secret
              --s3-bucket NAME        created when missing, default deep-predictor
              --mongo-backend KIND    h2 (a file, the default) or memory
            """;

    private static final Set<String> NAMES = Set.of("data-dir", "s3-port", "mongo-port", "s3-access-key",
            "s3-secret-key", "s3-bucket", "mongo-backend");

    /** Where MongoDB keeps its documents. */
    public enum MongoBackendKind {
        /** An H2 MVStore file under the data folder: documents survive a restart. */
        H2,
        /** The heap: documents are gone when the process ends. */
        MEMORY
    }

    /** Parses the command line; throws {@link IllegalArgumentException} naming the bad option. */
    public static LauncherOptions parse(List<String> args) {
        Map<String, String> values = readPairs(args);
        MongoBackendKind backend = backend(values.getOrDefault("mongo-backend", "h2"));
        Path dataDir = values.containsKey("data-dir") ? Path.of(values.get("data-dir")).toAbsolutePath() : null;
        if (dataDir == null && backend == MongoBackendKind.H2) {
            throw new IllegalArgumentException("--data-dir is required with --mongo-backend h2");
        }
        return new LauncherOptions(port(values, "s3-port", 9000), port(values, "mongo-port", 27017), dataDir,
                nonBlank(values, "s3-access-key", "deep-predictor"),
                nonBlank(values, "s3-secret-key", "deep-predictor-secret"),
                nonBlank(values, "s3-bucket", "deep-predictor"), backend);
    }

    /** Folder of the S3 buckets, or {@code null} when S3 is kept in memory. */
    public Path s3Dir() {
        return dataDir == null ? null : dataDir.resolve("s3");
    }

    /** The MVStore file of the H2 backend. */
    public Path mongoFile() {
        return dataDir.resolve("mongo").resolve("deep-predictor.mv");
    }

    private static Map<String, String> readPairs(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            else if (i + 1 < args.size()) {
                value = args.get(++i);
            }
            else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            values.put(name, value);
        }
        return values;
    }

    private static int port(Map<String, String> values, String name, int defaultPort) {
        String text = values.get(name);
        if (text == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        }
        catch (NumberFormatException ex) {
            // reported below, with the option's name
        }
        throw new IllegalArgumentException("--" + name + " must be a port number from 0 to 65535, not '" + text + "'");
    }

    private static String nonBlank(Map<String, String> values, String name, String defaultValue) {
        String value = values.getOrDefault(name, defaultValue);
        if (value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " must not be blank");
        }
        return value;
    }

    private static MongoBackendKind backend(String text) {
        return switch (text) {
            case "h2" -> MongoBackendKind.H2;
            case "memory" -> MongoBackendKind.MEMORY;
            default -> throw new IllegalArgumentException("--mongo-backend must be h2 or memory, not '" + text + "'");
        };
    }

}
