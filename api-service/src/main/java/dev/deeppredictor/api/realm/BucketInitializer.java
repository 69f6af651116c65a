package dev.deeppredictor.api.realm;

import java.util.List;

import dev.deeppredictor.api.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the production and test buckets at start-up. A store that is down then does not stop the
 * API: uploads get a clear 503 until it is back.
 */
@Component
class BucketInitializer {

    private static final Logger log = LoggerFactory.getLogger(BucketInitializer.class);

    private final List<ObjectStore> stores;

    BucketInitializer(Realms realms) {
        this.stores = List.of(realms.production().images(), realms.test().images());
    }

    @EventListener(ApplicationReadyEvent.class)
    void createBuckets() {
        for (ObjectStore store : this.stores) {
            try {
                store.ensureBucket();
            }
            catch (Exception ex) {
                log.warn("event=bucket-check-failed reason=\"{}\"", ex.getMessage());
            }
        }
    }

}
