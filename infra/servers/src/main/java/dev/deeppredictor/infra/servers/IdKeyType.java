package dev.deeppredictor.infra.servers;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * How the launcher's H2 file keeps the keys of the {@code _id} index: as BSON, compared in
 * mongo-java-server's order of values. H2's default type compares such keys (mongo-java-server's
 * {@code KeyValue}, which is not comparable) by Java-serialising both, at every step of every
 * B-tree search: a fifth of the launcher's samples at saturation once the documents were BSON.
 * Keys compare as their values do in that order, and where it holds two unequal values equal (1 and
 * 1.0, where not normalised) by their class, so that equal keys, and only those, are one key.
 */
final class IdKeyType extends BasicDataType<KeyValue> {

    static final IdKeyType INSTANCE = new IdKeyType();

    private static final String VALUES = "v";

    private static final Comparator<Object> ORDER = ValueComparator.asc();

    private IdKeyType() {
    }

    @Override
    public int compare(KeyValue one, KeyValue other) {
        if (one.equals(other)) {
            return 0;
        }
        for (int i = 0; i < Math.min(one.size(), other.size()); i++) {
            Object a = one.get(i);
            Object b = other.get(i);
            int order = ORDER.compare(a, b);
            if (order == 0 && !Objects.equals(a, b)) {
                order = className(a).compareTo(className(b));
            }
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(one.size(), other.size());
    }

    private static String className(Object value) {
        return (value == null) ? "" : value.getClass().getName();
    }

    /** A key is written as the document {@code {v: [its values]}} ({@link BsonBytes}). */
    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        List<Object> values = new ArrayList<>(key.size());
        key.forEach(values::add);
        BsonBytes.write(buffer, new Document(VALUES, values));
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        return new KeyValue((List<?>) BsonBytes.read(buffer).get(VALUES));
    }

    @Override
    public int getMemory(KeyValue key) {
        return 48 + 32 * key.size();
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }

}
