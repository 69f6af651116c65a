package dev.deeppredictor.infra.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, on a file or in memory, with the indexes it lacks: the {@code _id}
 * index as an {@link IdLookupIndex}, and a secondary index on one field as a {@link FieldIndex} (the
 * backend itself accepts such an index and ignores it). The H2 file keeps documents as BSON
 * ({@link H2DocumentFormat}), and the collections hand out copies ({@link IsolatedH2Collection}).
 */
final class IndexedBackends {

    private IndexedBackends() {
    }

    /** The H2 backend on {@code file}, converted first if it is in the old format ({@link H2DocumentFormat}). */
    static H2Backend h2(String file) throws IOException {
        H2DocumentFormat.upgrade(Path.of(file));
        return new IndexedH2Backend(file);
    }

    /**
     * The same backend on a store kept in memory only (mongo-java-server's own memory backend
     * changes stored documents in place as well, and has no lock around writing a query's answer).
     */
    static H2Backend memory() {
        return new IndexedH2Backend(null);
    }

    private static <P> Index<P> lookUpIds(Index<P> index, List<IndexKey> keys) {
        return IdLookupIndex.isIdIndex(keys) ? new IdLookupIndex<>(index) : index;
    }

    private static <P> Index<P> secondary(String index, List<IndexKey> keys, boolean sparse,
            Supplier<Index<P>> unserved) {
        return FieldIndex.serves(keys, sparse) ? new FieldIndex<>(index, keys) : unserved.get();
    }

    private static final class IndexedH2Backend extends H2Backend {

        /** On the file {@code file}, or on a store in memory when it is null. */
        IndexedH2Backend(String file) {
            super(file);
            // Marked before a document is written, so that a crash cannot leave BSON documents in an
            // unmarked file, which the next start would take for the old format.
            H2DocumentFormat.mark(getMvStore());
            getMvStore().commit();
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String name) {
            MVStore store = getMvStore();
            return new H2Database(name, store, getCursorRegistry()) {
                /** Opens a collection's maps as H2Database does, the map of its documents with the BSON type. */
                @Override
                protected MongoCollection<Object> openOrCreateCollection(String collection, CollectionOptions options) {
                    String namespace = getFullCollectionNamespace(collection);
                    MVMap<Object, Document> documents = store.openMap(H2DocumentFormat.DOCUMENTS_PREFIX + namespace,
                            H2DocumentFormat.documents());
                    MVMap<String, Object> meta = store.openMap(H2DocumentFormat.META_PREFIX + namespace);
                    return new IsolatedH2Collection(this, collection, options, documents, meta, this.cursorRegistry);
                }

                @Override
                protected Index<Object> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys,
                        boolean sparse) {
                    if (IdLookupIndex.isIdIndex(keys)) {
                        // Opened first with its key type: H2Database then opens the same map by name.
                        store.openMap(H2DocumentFormat.indexMap(getFullCollectionNamespace(collection), index),
                                H2DocumentFormat.idKeys());
                    }
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

}
