package dev.deeppredictor.infra.servers;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

/** A MongoDB wire-protocol server on 127.0.0.1, keeping its documents in an H2 file or in memory. */
final class LocalMongo implements AutoCloseable {

    private final MongoServer server;

    private LocalMongo(MongoServer server) {
        this.server = server;
    }

    /**
     * Starts the server.
     *
     * @param file the H2 MVStore file, or {@code null} for a store kept in memory
     */
    static LocalMongo start(int port, Path file) throws IOException {
        MongoServer server = new MongoServer(openBackend(file));
        try {
            server.bind(LocalServers.HOST, port);
        }
        catch (Exception ex) {
            // Netty rethrows a BindException unchecked. Shutting down closes the backend too, so a
            // failed start does not keep the H2 file locked.
            server.shutdownNow();
            throw new IOException("MongoDB cannot listen on " + LocalServers.HOST + ":" + port, ex);
        }
        return new LocalMongo(server);
    }

    URI uri() {
        return URI.create("mongodb://" + LocalServers.HOST + ":" + server.getLocalAddress().getPort());
    }

    /** Closes the connections and then the backend, which writes and closes the H2 file. */
    @Override
    public void close() {
        server.shutdownNow();
    }

    private static MongoBackend openBackend(Path file) throws IOException {
        if (file == null) {
            return IndexedBackends.memory();
        }
        Files.createDirectories(file.getParent());
        return IndexedBackends.h2(file.toString());
    }

}
