package dev.deeppredictor.infra.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way the launcher's H2 file keeps documents and the keys of {@code _id} indexes: as BSON
 * ({@link BsonDocumentType}, {@link IdKeyType}), marked in the file by a map of its own. A file
 * written before (documents by Java serialisation, H2's default) is converted once when the store
 * opens; the old file is kept beside it.
 */
final class H2DocumentFormat {

    private static final Logger log = LoggerFactory.getLogger(H2DocumentFormat.class);

    /** mongo-java-server's H2 backend keeps a collection's documents in the map of this prefix. */
    static final String DOCUMENTS_PREFIX = "databases.";

    /** ... and a collection's own figures (its data size) in the map of this one. */
    static final String META_PREFIX = "meta.";

    private static final String INDEX_INFIX = "._index_";

    /** mongo-java-server's name of the {@code _id} index. */
    private static final String ID_INDEX = "_id_";

    private static final String FORMAT_MAP = "deep-predictor.format";

    private static final String DOCUMENTS_KEY = "documents";

    private static final String BSON = "bson";

    private H2DocumentFormat() {
    }

    /** How a map of documents is opened. */
    static MVMap.Builder<Object, Document> documents() {
        return new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE);
    }

    /** How the map of a collection's {@code _id} index is opened. */
    static MVMap.Builder<KeyValue, Object> idKeys() {
        return new MVMap.Builder<KeyValue, Object>().keyType(IdKeyType.INSTANCE);
    }

    /** The name of the map of an index, as mongo-java-server's H2 backend names it. */
    static String indexMap(String namespace, String index) {
        return namespace + INDEX_INFIX + index;
    }

    private static boolean isIdIndexMap(String name) {
        return name.endsWith(INDEX_INFIX + ID_INDEX);
    }

    /** Marks an open store as keeping its documents as BSON. */
    static void mark(MVStore store) {
        store.<String, String>openMap(FORMAT_MAP).put(DOCUMENTS_KEY, BSON);
    }

    /**
     * Converts {@code file}, if it holds documents in the old format, into the current one under the
     * same name, keeping the old file as {@code <name>.java-serialised}.
     */
    static void upgrade(Path file) throws IOException {
        if (!Files.exists(file) || !holdsOldDocuments(file)) {
            return;
        }
        Path previous = file.resolveSibling(file.getFileName() + ".java-serialised");
        if (Files.exists(previous)) {
            throw new IOException("Cannot convert " + file + " to the current format: " + previous
                    + " is in the way (a conversion that did not finish?); move it away and start again");
        }
        Files.move(file, previous);
        long documents = 0;
        try (MVStore from = readOnly(previous); MVStore to = MVStore.open(file.toString())) {
            for (String name : from.getMapNames()) {
                MVMap<Object, Object> source = from.openMap(name);
                if (name.startsWith(DOCUMENTS_PREFIX)) {
                    MVMap<Object, Document> target = to.openMap(name, documents());
                    source.forEach((key, value) -> target.put(key, (Document) value));
                    documents += source.size();
                }
                else if (isIdIndexMap(name)) {
                    MVMap<KeyValue, Object> target = to.openMap(name, idKeys());
                    source.forEach((key, value) -> target.put((KeyValue) key, value));
                }
                else {
                    MVMap<Object, Object> target = to.openMap(name);
                    target.putAll(source);
                }
            }
            mark(to);
            to.commit();
        }
        log.info("Converted {} documents of {} (and the keys of its _id indexes) to BSON; the file as it was is kept as {}",
                documents, file, previous);
    }

    private static boolean holdsOldDocuments(Path file) {
        try (MVStore store = readOnly(file)) {
            return !store.hasMap(FORMAT_MAP)
                    && store.getMapNames().stream().anyMatch((name) -> name.startsWith(DOCUMENTS_PREFIX));
        }
    }

    private static MVStore readOnly(Path file) {
        return new MVStore.Builder().fileName(file.toString()).readOnly().open();
    }

}
