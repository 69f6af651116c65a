package dev.deeppredictor.infra.servers;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An S3 server on 127.0.0.1: S3Proxy in front of a folder (or of memory), signed requests only. */
final class LocalS3 implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalS3.class);

    private static final long STOP_TIMEOUT_MILLIS = 500;

    private final S3Proxy proxy;

    private final BlobStore store;

    private LocalS3(S3Proxy proxy, BlobStore store) {
        this.proxy = proxy;
        this.store = store;
    }

    /**
     * Starts the server and creates {@code bucket} when it is missing.
     *
     * @param folder where the buckets are kept, or {@code null} to keep them in memory
     */
    static LocalS3 start(int port, Path folder, String bucket, String accessKey, String secretKey) throws Exception {
        BlobStore store = openStore(folder);
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
            log.info("Created bucket '{}'", bucket);
        }
        S3Proxy proxy = S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://" + LocalServers.HOST + ":" + port))
            // V4 is what current SDKs sign with; V2 is kept for older clients and tools.
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            // Jetty otherwise waits for idle keep-alive connections of clients on stop.
            .stopTimeout(STOP_TIMEOUT_MILLIS)
            .build();
        try {
            proxy.start();
        }
        catch (Exception ex) {
            store.close();
            throw new IOException("S3 cannot listen on " + LocalServers.HOST + ":" + port, ex);
        }
        return new LocalS3(proxy, store);
    }

    URI endpoint() {
        return URI.create("http://" + LocalServers.HOST + ":" + proxy.getPort());
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        }
        finally {
            store.close();
        }
    }

    private static BlobStore openStore(Path folder) throws Exception {
        if (folder == null) {
            return new TransientNio2BlobStore();
        }
        Files.createDirectories(folder);
        return new FilesystemNio2BlobStore(folder.toString());
    }

}
