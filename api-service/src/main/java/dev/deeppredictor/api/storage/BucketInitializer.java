package dev.deeppredictor.api.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the image bucket at start-up. A store that is down then does not stop the API: uploads
 * get a clear 503 until it is back.
 */
@Component
class BucketInitializer {

    private static final Logger log = LoggerFactory.getLogger(BucketInitializer.class);

    private final ObjectStore store;

    BucketInitializer(ObjectStore store) {
        this.store = store;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createBucket() {
        try {
            this.store.ensureBucket();
        }
        catch (Exception ex) {
            log.warn("event=bucket-check-failed reason=\"{}\"", ex.getMessage());
        }
    }

}
