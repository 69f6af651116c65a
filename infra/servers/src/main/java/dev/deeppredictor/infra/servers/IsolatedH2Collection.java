package dev.deeppredictor.infra.servers;

import java.util.Comparator;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection that hands out copies of its documents, never the objects its map holds.
 * <p>
 * mongo-java-server applies an update to the document a query found, in place, and then puts that
 * same object back. In H2's map that object is also referenced by the pages H2's background writer
 * may be writing at that moment: the writer then met a map changing under it, failed with a
 * {@code ConcurrentModificationException}, and H2 closed the whole store (every later command
 * failed with "This store is closed" until the launcher was restarted). With copies, a stored
 * object is never changed: an update changes a copy and puts the copy in its place. A query's
 * answer, written to the client after the collection's lock is released, is a copy too.
 */
final class IsolatedH2Collection extends H2Collection {

    /** H2Collection's order for {@code $natural: -1}: the keys, largest first. */
    private static final Comparator<DocumentWithPosition<Object>> KEYS_DESCENDING = (one,
            other) -> ValueComparator.desc().compare(one.getPosition(), other.getPosition());

    private final MVMap<Object, Document> documents;

    IsolatedH2Collection(MongoDatabase database, String collection, CollectionOptions options,
            MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, collection, options, documents, meta, cursors);
        this.documents = documents;
    }

    @Override
    protected Document getDocument(Object position) {
        Document stored = super.getDocument(position);
        return (stored != null) ? stored.cloneDeeply() : null;
    }

    /** As H2Collection's scan, with copies of the documents that match (only those are copied). */
    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
            int batchSize, Document fieldSelector) {
        Stream<Document> stored = isNaturalDescending(orderBy)
                ? streamAllDocumentsWithPosition().sorted(KEYS_DESCENDING).map(DocumentWithPosition::getDocument)
                : this.documents.values().stream();
        Stream<Document> copies = stored.filter((document) -> documentMatchesQuery(document, query))
            .map(Document::cloneDeeply);
        return matchDocumentsFromStream(copies, query, orderBy, numberToSkip, numberToReturn, batchSize,
                fieldSelector);
    }

}
