package dev.deeppredictor.infra.servers;

import java.util.function.Consumer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

/** A mongo-java-server on a backend of the launcher, for one test's client, closed afterwards. */
final class EmbeddedMongo {

    private EmbeddedMongo() {
    }

    /** Runs {@code test} on the database {@code deep_predictor} of a server on {@code backend}. */
    static void withDatabase(MongoBackend backend, Consumer<MongoDatabase> test) {
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(LocalServers.HOST, 0);
            try (MongoClient client = MongoClients
                .create("mongodb://" + LocalServers.HOST + ":" + server.getLocalAddress().getPort())) {
                test.accept(client.getDatabase("deep_predictor"));
            }
        }
        finally {
            server.shutdownNow();
        }
    }

}
