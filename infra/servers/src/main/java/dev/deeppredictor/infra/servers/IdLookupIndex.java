package dev.deeppredictor.infra.servers;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

/**
 * The {@code _id} index of mongo-java-server, also used for queries that name more fields than
 * {@code _id}.
 * <p>
 * mongo-java-server uses an index only when a query's fields are exactly the index's fields, so
 * {@code {_id: x, state: {$nin: [...]}}} (a conditional update by id, as the predictor's claim and
 * result writes are) scanned and decoded every document of the collection: the cost of each such
 * update grew with the collection. MongoDB itself looks such a query up by {@code _id} and checks
 * the other fields on the one document found; this index does the same: it gives the documents of
 * the {@code _id} part (one value or {@code $in}), and the collection then matches them against the
 * whole query, as it does for every index.
 */
final class IdLookupIndex<P> extends Index<P> {

    static final String ID = "_id";

    private final Index<P> ids;

    IdLookupIndex(Index<P> ids) {
        super(ids.getName(), ids.getKeys(), false);
        this.ids = ids;
    }

    /** Whether {@code keys} are those of the {@code _id} index. */
    static boolean isIdIndex(List<IndexKey> keys) {
        return keys.size() == 1 && ID.equals(keys.get(0).getKey());
    }

    @Override
    public boolean canHandle(Document query) {
        return lookup(query) != null;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        return this.ids.getPositions(lookup(query));
    }

    /** What to look up in the {@code _id} index: the whole query or its {@code _id} part; null if neither serves. */
    private Document lookup(Document query) {
        if (this.ids.canHandle(query)) {
            return query;
        }
        Document ids = idPart(query);
        return (ids != null && this.ids.canHandle(ids)) ? ids : null;
    }

    /** The query's condition on {@code _id} ({@link FieldIndex#conditionOn}); {@code null} when it has none. */
    static Document idPart(Document query) {
        return FieldIndex.conditionOn(query, ID);
    }

    @Override
    public P getPosition(Document document) {
        return this.ids.getPosition(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        this.ids.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        this.ids.add(document, position, collection);
    }

    @Override
    public P remove(Document document) {
        return this.ids.remove(document);
    }

    @Override
    public long getCount() {
        return this.ids.getCount();
    }

    @Override
    public long getDataSize() {
        return this.ids.getDataSize();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        this.ids.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
            throws KeyConstraintError {
        this.ids.updateInPlace(oldDocument, newDocument, position, collection);
    }

    @Override
    public void drop() {
        this.ids.drop();
    }

    @Override
    public boolean isUnique() {
        return this.ids.isUnique();
    }

    @Override
    public boolean isEmpty() {
        return this.ids.isEmpty();
    }

    @Override
    public Document toIndexDescription() {
        return this.ids.toIndexDescription();
    }

    @Override
    public java.util.Set<KeyValue> getKeyValues(Document document) {
        return this.ids.getKeyValues(document);
    }

}
