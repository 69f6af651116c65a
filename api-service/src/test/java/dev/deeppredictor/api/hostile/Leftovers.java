package dev.deeppredictor.api.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.minio.ListMultipartUploadsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.minio.messages.ListMultipartUploadsResult;

/**
 * What uploads may leave behind: temporary files of the multipart parser or ImageIO, and objects in
 * the bucket.
 */
final class Leftovers {

    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    private Leftovers() {
    }

    /** Temporary files and folders the upload path could create (other programs share java.io.tmpdir). */
    static Set<String> uploadTempFiles() {
        try (Stream<Path> files = Files.list(TMP)) {
            return files.map((file) -> file.getFileName().toString())
                .filter((name) -> name.startsWith("spring-multipart") || name.startsWith("imageio")
                        || name.startsWith("nio-file-upload"))
                .collect(Collectors.toSet());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every object name in the bucket. */
    static List<String> objects(MinioAsyncClient minio, String bucket) throws Exception {
        List<String> names = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            names.add(item.get().objectName());
        }
        return names;
    }

    /** The keys of multipart writes started and neither completed nor aborted. */
    static List<String> unfinishedWrites(MinioAsyncClient minio, String bucket) {
        return minio.listMultipartUploads(ListMultipartUploadsArgs.builder().bucket(bucket).build())
            .join()
            .result()
            .uploads()
            .stream()
            .map(ListMultipartUploadsResult.Upload::objectName)
            .toList();
    }

}
