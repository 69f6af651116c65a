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
        return new IdLookupH2Backend(file);
    }

    static MemoryBackend memory() {
        return new IdLookupMemoryBackend();
    }

    private static <P> Index<P> lookUpIds(Index<P> index, List<IndexKey> keys) {
        return IdLookupIndex.isIdIndex(keys) ? new IdLookupIndex<>(index) : index;
    }

    private static final class IdLookupH2Backend extends H2Backend {

        IdLookupH2Backend(String file) {
            super(file);
        }

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

    }

    private static final class IdLookupMemoryBackend extends MemoryBackend {

        @Override
        public MemoryDatabase openOrCreateDatabase(String name) {
            return new MemoryDatabase(name, getCursorRegistry()) {
                @Override
                protected Index<Integer> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys,
                        boolean sparse) {
                    return lookUpIds(super.openOrCreateUniqueIndex(collection, index, keys, sparse), keys);
                }
            };
        }

    }

}
