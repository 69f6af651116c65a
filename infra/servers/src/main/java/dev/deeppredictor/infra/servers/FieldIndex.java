package dev.deeppredictor.infra.servers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * A secondary (non-unique) index on one top-level field, for mongo-java-server, which itself
 * ignores every index but the unique ones: a query on such a field read and decoded every document
 * of the collection.
 * <p>
 * The index lives in memory; the collection fills it from its documents when it is opened, as for
 * any new index. It gives a query's candidates, and the collection then matches them against the
 * whole query, as it does for every index, so the candidates need only include every match:
 * <ul>
 * <li>documents whose value is a string, number, boolean, date, ObjectId or UUID are kept in the
 * order mongo-java-server compares values in, and an equality, {@code $in} or range condition picks
 * the keys it can match;</li>
 * <li>documents with any other value (none, null, an array, a document) are candidates of every
 * query.</li>
 * </ul>
 * A query is served when its top level, or a term of its top-level {@code $and}, has a condition on
 * the field that is a plain value, or a document of {@code $eq}, {@code $in}, {@code $lt},
 * {@code $lte}, {@code $gt} and {@code $gte} on such values; others go to the next index or a scan.
 */
final class FieldIndex<P> extends Index<P> {

    private static final Set<String> OPERATORS = Set.of("$eq", "$in", "$lt", "$lte", "$gt", "$gte");

    private final String field;

    /** The documents with an ordered value, by value. */
    private final NavigableMap<Object, Set<P>> ordered = new TreeMap<>(ValueComparator.asc());

    /** The documents with any other value: candidates of every query. */
    private final Set<P> others = new LinkedHashSet<>();

    /** Every document's entry, by {@code _id}: how {@link #remove} finds what to take out. */
    private final Map<Object, Entry<P>> entries = new HashMap<>();

    /** An index on the field of {@code keys}, which must be {@link #serves served}; ascending or descending alike. */
    FieldIndex(String name, List<IndexKey> keys) {
        super(name, keys, false);
        this.field = keys.get(0).getKey();
    }

    /** Whether {@code keys} are what this index serves: one top-level field other than {@code _id}. */
    static boolean serves(List<IndexKey> keys, boolean sparse) {
        return keys.size() == 1 && !sparse && !keys.get(0).getKey().contains(".")
                && !IdLookupIndex.ID.equals(keys.get(0).getKey());
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        Document condition = conditionOn(query, this.field);
        return condition != null && isServed(condition.get(this.field));
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        // A set: values of an $in that compare equal (1 and 1.0) select the same documents.
        Set<P> candidates = new LinkedHashSet<>(this.others);
        for (Set<P> positions : select(conditionOn(query, this.field).get(this.field)).values()) {
            candidates.addAll(positions);
        }
        return new ArrayList<>(candidates);
    }

    /**
     * The query's condition on the field, as a document with that one key, on the top level
     * ({@code {state: x, finishedAt: y}}, as Spring Data writes it) or as one term of a top-level
     * {@code $and} (as the driver's {@code Filters.and} writes it); {@code null} when it has none.
     */
    static Document conditionOn(Document query, String field) {
        if (query.containsKey(field)) {
            return new Document(field, query.get(field));
        }
        if (query.get("$and") instanceof List<?> terms) {
            for (Object term : terms) {
                if (term instanceof Document condition && condition.containsKey(field)) {
                    return new Document(field, condition.get(field));
                }
            }
        }
        return null;
    }

    /** The ordered keys a condition can match (none for an equality to null). */
    private Map<Object, Set<P>> select(Object condition) {
        if (!(condition instanceof Document operators)) {
            return single(condition);
        }
        if (operators.containsKey("$eq")) {
            return single(operators.get("$eq"));
        }
        if (operators.get("$in") instanceof List<?> values) {
            Map<Object, Set<P>> selected = new HashMap<>();
            values.forEach((value) -> selected.putAll(single(value)));
            return selected;
        }
        NavigableMap<Object, Set<P>> range = this.ordered;
        Object low = operators.containsKey("$gt") ? operators.get("$gt") : operators.get("$gte");
        if (low != null) {
            range = range.tailMap(low, true);
        }
        Object high = operators.containsKey("$lt") ? operators.get("$lt") : operators.get("$lte");
        if (high != null) {
            range = range.headMap(high, true);
        }
        return range;
    }

    private Map<Object, Set<P>> single(Object value) {
        Set<P> positions = (value == null) ? null : this.ordered.get(value);
        return (positions == null) ? Map.of() : Map.of(value, positions);
    }

    private static boolean isServed(Object condition) {
        if (!(condition instanceof Document operators)) {
            return condition == null || isOrdered(condition);
        }
        if (operators.isEmpty() || !OPERATORS.containsAll(operators.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> operator : operators.entrySet()) {
            Object operand = operator.getValue();
            boolean served = switch (operator.getKey()) {
                case "$eq" -> operand == null || isOrdered(operand);
                case "$in" -> operand instanceof List<?> values
                        && values.stream().allMatch((value) -> value == null || isOrdered(value));
                default -> isOrdered(operand);
            };
            if (!served) {
                return false;
            }
        }
        return true;
    }

    /** Whether a value is one the index keeps in order (see the class comment). */
    static boolean isOrdered(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Instant || value instanceof ObjectId || value instanceof UUID;
    }

    @Override
    public synchronized P getPosition(Document document) {
        Entry<P> entry = this.entries.get(document.get(IdLookupIndex.ID));
        return (entry == null) ? null : entry.position();
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // Not unique: any value may be added.
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        Entry<P> entry = new Entry<>(position, document.get(this.field));
        this.entries.put(document.get(IdLookupIndex.ID), entry);
        positionsOf(entry.value()).add(position);
    }

    @Override
    public synchronized P remove(Document document) {
        Entry<P> entry = this.entries.remove(document.get(IdLookupIndex.ID));
        if (entry == null) {
            return null;
        }
        forget(entry);
        return entry.position();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // Not unique: any value may be set.
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position,
            MongoCollection<P> collection) {
        Object id = oldDocument.get(IdLookupIndex.ID);
        Object value = newDocument.get(this.field);
        Entry<P> old = this.entries.get(id);
        if (old != null && old.position().equals(position) && Objects.equals(old.value(), value)
                && Objects.equals(id, newDocument.get(IdLookupIndex.ID))) {
            // Most updates leave the field alone (a claim, a result written after finishedAt was set).
            return;
        }
        if (old != null) {
            this.entries.remove(id);
            forget(old);
        }
        Entry<P> updated = new Entry<>(position, value);
        this.entries.put(newDocument.get(IdLookupIndex.ID), updated);
        positionsOf(updated.value()).add(position);
    }

    private Set<P> positionsOf(Object value) {
        return isOrdered(value) ? this.ordered.computeIfAbsent(value, (key) -> new LinkedHashSet<>()) : this.others;
    }

    private void forget(Entry<P> entry) {
        if (!isOrdered(entry.value())) {
            this.others.remove(entry.position());
            return;
        }
        Set<P> positions = this.ordered.get(entry.value());
        if (positions != null) {
            positions.remove(entry.position());
            if (positions.isEmpty()) {
                this.ordered.remove(entry.value());
            }
        }
    }

    @Override
    public synchronized long getCount() {
        return this.entries.size();
    }

    /** Kept in memory only: it takes no room in the store. */
    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public synchronized void drop() {
        this.ordered.clear();
        this.others.clear();
        this.entries.clear();
    }

    @Override
    public boolean isUnique() {
        return false;
    }

    private record Entry<P>(P position, Object value) {
    }

}
