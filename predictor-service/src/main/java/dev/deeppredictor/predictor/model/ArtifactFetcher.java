package dev.deeppredictor.predictor.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

import dev.deeppredictor.model.definition.ModelDefinition;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a definition's {@code artifact} into a local path: a plain path or {@code file://} URI as
 * it is, an {@code http(s)://} URL or {@code s3://bucket/key} downloaded once into the cache
 * folder (a key ending in {@code /} is a folder, for SavedModels). Downloads go to a temporary
 * name first and are moved into place, so a cached artifact is always complete.
 */
final class ArtifactFetcher {

    /** Where downloads go unless {@code deep-predictor.artifact-cache} says otherwise. */
    static final Path DEFAULT_CACHE = Path.of(System.getProperty("java.io.tmpdir"), "deep-predictor-artifacts");

    private static final Logger log = LoggerFactory.getLogger(ArtifactFetcher.class);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private final Path cacheDir;

    private final MinioClient minio;

    private final HttpClient http;

    /** Local paths and http(s) only, cache in the default folder. */
    ArtifactFetcher() {
        this(DEFAULT_CACHE, null);
    }

    /**
     * @param cacheDir where downloaded artifacts are kept
     * @param minio the object store client for {@code s3://} artifacts, or {@code null} for none
     */
    ArtifactFetcher(Path cacheDir, MinioClient minio) {
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.minio = minio;
        this.http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    }

    Path cacheDir() {
        return this.cacheDir;
    }

    /** The artifact of the definition as a local file or folder that exists. */
    Path fetch(ModelDefinition definition) throws ModelLoadException {
        String artifact = definition.artifact();
        String scheme = scheme(artifact);
        Path path;
        if (scheme == null) {
            path = Path.of(artifact);
        }
        else if (scheme.equals("file")) {
            try {
                path = Path.of(URI.create(artifact));
            }
            catch (IllegalArgumentException ex) {
                throw failure(definition, "is not a usable file URI: " + ex.getMessage(), ex);
            }
        }
        else if (scheme.equals("http") || scheme.equals("https")) {
            path = download(definition, artifact);
        }
        else if (scheme.equals("s3")) {
            path = fromObjectStore(definition, artifact);
        }
        else {
            throw failure(definition, "has an unsupported scheme " + scheme, null);
        }
        if (!Files.exists(path)) {
            throw new ModelLoadException("model " + definition.name() + ": artifact not found: " + path, null);
        }
        return path;
    }

    private static String scheme(String artifact) {
        int colon = artifact.indexOf("://");
        if (colon <= 0) {
            return artifact.startsWith("file:") ? "file" : null;
        }
        return artifact.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    }

    private Path download(ModelDefinition definition, String url) throws ModelLoadException {
        URI uri;
        try {
            uri = URI.create(url);
        }
        catch (IllegalArgumentException ex) {
            throw failure(definition, "is not a usable URL: " + ex.getMessage(), ex);
        }
        Path target = this.cacheDir.resolve(cacheName(url, lastSegment(uri.getPath())));
        if (Files.exists(target)) {
            log.info("event=artifact_cached model={} location={} path={}", definition.name(), url, target);
            return target;
        }
        Path temp = null;
        try {
            Files.createDirectories(this.cacheDir);
            temp = Files.createTempFile(this.cacheDir, ".download-", ".part");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
            long start = System.nanoTime();
            HttpResponse<Path> response = this.http.send(request,
                    HttpResponse.BodyHandlers.ofFile(temp));
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                throw failure(definition, "download failed with HTTP status " + status, null);
            }
            moveIntoPlace(temp, target);
            log.info("event=artifact_downloaded model={} location={} path={} bytes={} ms={}", definition.name(), url,
                    target, Files.size(target), (System.nanoTime() - start) / 1_000_000);
            return target;
        }
        catch (IOException ex) {
            throw failure(definition, "download failed: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failure(definition, "download interrupted", ex);
        }
        finally {
            deleteQuietly(temp);
        }
    }

    private Path fromObjectStore(ModelDefinition definition, String location) throws ModelLoadException {
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw failure(definition, "is not of the form s3://bucket/key", null);
        }
        if (this.minio == null) {
            throw failure(definition, "needs the object store, which is not configured here", null);
        }
        String bucket = rest.substring(0, slash);
        String key = rest.substring(slash + 1);
        boolean folder = key.endsWith("/");
        String name = lastSegment(folder ? key.substring(0, key.length() - 1) : key);
        Path target = this.cacheDir.resolve(cacheName(location, name));
        if (Files.exists(target)) {
            log.info("event=artifact_cached model={} location={} path={}", definition.name(), location, target);
            return target;
        }
        Path temp = null;
        try {
            Files.createDirectories(this.cacheDir);
            long start = System.nanoTime();
            if (folder) {
                temp = Files.createTempDirectory(this.cacheDir, ".download-");
                int objects = 0;
                Iterable<Result<Item>> listing = this.minio.listObjects(
                        ListObjectsArgs.builder().bucket(bucket).prefix(key).recursive(true).build());
                for (Result<Item> result : listing) {
                    Item item = result.get();
                    if (item.isDir() || item.objectName().endsWith("/")) {
                        continue;
                    }
                    Path file = temp.resolve(item.objectName().substring(key.length())).normalize();
                    if (!file.startsWith(temp)) {
                        throw failure(definition, "object " + item.objectName() + " leaves the folder", null);
                    }
                    Files.createDirectories(file.getParent());
                    getObject(bucket, item.objectName(), file);
                    objects++;
                }
                if (objects == 0) {
                    throw failure(definition, "no objects under that prefix", null);
                }
            }
            else {
                temp = Files.createTempFile(this.cacheDir, ".download-", ".part");
                getObject(bucket, key, temp);
            }
            moveIntoPlace(temp, target);
            log.info("event=artifact_downloaded model={} location={} path={} ms={}", definition.name(), location,
                    target, (System.nanoTime() - start) / 1_000_000);
            return target;
        }
        catch (ModelLoadException ex) {
            throw ex;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failure(definition, "download interrupted", ex);
        }
        catch (Exception ex) {
            throw failure(definition, "object store download failed: " + ex, ex);
        }
        finally {
            deleteQuietly(temp);
        }
    }

    private void getObject(String bucket, String key, Path file) throws Exception {
        try (InputStream in = this.minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (FileAlreadyExistsException ex) {
            // Another loader got there first with the same content.
        }
        catch (AtomicMoveNotSupportedException ex) {
            Files.move(temp, target);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            tree.sorted(Comparator.reverseOrder()).forEach((p) -> {
                try {
                    Files.deleteIfExists(p);
                }
                catch (IOException ex) {
                    // best effort
                }
            });
        }
        catch (IOException ex) {
            // best effort
        }
    }

    private static String lastSegment(String path) {
        if (path == null || path.isEmpty()) {
            return "artifact";
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return last.isEmpty() ? "artifact" : last.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String cacheName(String location, String lastSegment) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + "-" + lastSegment;
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ModelLoadException failure(ModelDefinition definition, String problem, Throwable cause) {
        return new ModelLoadException("model " + definition.name() + ": artifact " + definition.artifact() + " "
                + problem, cause);
    }

}
