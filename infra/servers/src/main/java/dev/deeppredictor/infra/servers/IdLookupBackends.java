package dev.deeppredictor.infra.servers;

import java.util.List;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

/** mongo-java-server's H2 and memory backends, with their {@code _id} indexes as {@link IdLookupIndex}es. */
final class IdLookupBackends {

    private IdLookupBackends() {
    }

    static H2Backend h2(String file) {
        return new H2Backend(file) {
            @Override
            protected MongoDatabase openOrCreateDatabase(String name) {
                return new H2Database(name, getMvStore(), getCursorRegistry()) {
                    @Override
                    protected Index<Object> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys,
                            boolean sparse) {
                        return lookUpIds(super.openOrCreateUniqueIndex(collection, index, keys, sparse), keys);
                    }
                };
            }
        };
    }

    static MemoryBackend memory() {
        return new MemoryBackend() {
            @Override
            public MemoryDatabase openOrCreateDatabase(String name) {
                return new MemoryDatabase(name, getCursorRegistry()) {
                    @Override
                    protected Index<Integer> openOrCreateUniqueIndex(String collection, String index,
                            List<IndexKey> keys, boolean sparse) {
                        return lookUpIds(super.openOrCreateUniqueIndex(collection, index, keys, sparse), keys);
                    }
                };
            }
        };
    }

    private static <P> Index<P> lookUpIds(Index<P> index, List<IndexKey> keys) {
        return IdLookupIndex.isIdIndex(keys) ? new IdLookupIndex<>(index) : index;
    }

}
