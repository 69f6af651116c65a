package dev.deeppredictor.infra.servers;

import java.util.List;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

/**
 * mongo-java-server's H2 and memory backends with the indexes it lacks: the {@code _id} index as an
 * {@link IdLookupIndex}, and a secondary index on one field as a {@link FieldIndex} (the backends
 * themselves accept such an index and ignore it).
 */
final class IndexedBackends {

    private IndexedBackends() {
    }

    static H2Backend h2(String file) {
        return new IndexedH2Backend(file);
    }

    static MemoryBackend memory() {
        return new IndexedMemoryBackend();
    }

    private static <P> Index<P> lookUpIds(Index<P> index, List<IndexKey> keys) {
        return IdLookupIndex.isIdIndex(keys) ? new IdLookupIndex<>(index) : index;
    }

    private static <P> Index<P> secondary(String index, List<IndexKey> keys, boolean sparse,
            Supplier<Index<P>> unserved) {
        return FieldIndex.serves(keys, sparse) ? new FieldIndex<>(index, keys) : unserved.get();
    }

    private static final class IndexedH2Backend extends H2Backend {

        IndexedH2Backend(String file) {
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

                @Override
                protected Index<Object> openOrCreateSecondaryIndex(String collection, String index,
                        List<IndexKey> keys, boolean sparse) {
                    return secondary(index, keys, sparse,
                            () -> super.openOrCreateSecondaryIndex(collection, index, keys, sparse));
                }
            };
        }

    }

    private static final class IndexedMemoryBackend extends MemoryBackend {

        @Override
        public MemoryDatabase openOrCreateDatabase(String name) {
            return new MemoryDatabase(name, getCursorRegistry()) {
                @Override
                protected Index<Integer> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys,
                        boolean sparse) {
                    return lookUpIds(super.openOrCreateUniqueIndex(collection, index, keys, sparse), keys);
                }

                @Override
                protected Index<Integer> openOrCreateSecondaryIndex(String collection, String index,
                        List<IndexKey> keys, boolean sparse) {
                    return secondary(index, keys, sparse,
                            () -> super.openOrCreateSecondaryIndex(collection, index, keys, sparse));
                }
            };
        }

    }

}
