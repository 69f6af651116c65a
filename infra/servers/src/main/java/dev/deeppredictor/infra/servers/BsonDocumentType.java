package dev.deeppredictor.infra.servers;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * How the launcher's H2 file keeps documents: as BSON, the bytes they came in on the wire, with
 * mongo-java-server's own encoder and decoder. H2's default type writes them by Java serialisation
 * (class descriptors, a map's entries one by one), which took 30% of the launcher's samples at
 * saturation. Each value is written by {@link BsonBytes}.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    static final BsonDocumentType INSTANCE = new BsonDocumentType();

    /** What H2 counts for an object in its page cache, on top of the estimate of its content. */
    private static final int OBJECT_OVERHEAD = 24;

    private BsonDocumentType() {
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        BsonBytes.write(buffer, document);
    }

    @Override
    public Document read(ByteBuffer buffer) {
        return BsonBytes.read(buffer);
    }

    /** A cheap estimate for H2's cache accounting: the document's entries and their strings. */
    @Override
    public int getMemory(Document document) {
        return estimate(document);
    }

    private static int estimate(Object value) {
        if (value instanceof Map<?, ?> map) {
            int size = OBJECT_OVERHEAD;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += OBJECT_OVERHEAD + estimate(entry.getKey()) + estimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> values) {
            int size = OBJECT_OVERHEAD;
            for (Object element : values) {
                size += 8 + estimate(element);
            }
            return size;
        }
        if (value instanceof String text) {
            return OBJECT_OVERHEAD + 16 + text.length();
        }
        return OBJECT_OVERHEAD;
    }

    /**
     * Documents have no order: H2 compares values only to tell whether two are the same (as in
     * {@code MVMap.replace(key, expected, value)}), which is when they are equal.
     */
    @Override
    public int compare(Document one, Document other) {
        return one.equals(other) ? 0 : Integer.compare(System.identityHashCode(one), System.identityHashCode(other));
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

}
