package dev.deeppredictor.predictor.retention;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Turns the record retention on when {@code deep-predictor.retention.keep-finished} is set (for
 * example {@code 24h}); without it records are kept for ever, as before.
 * {@code deep-predictor.retention.interval} (default 1m) is the time between sweeps.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("deep-predictor.retention.keep-finished")
class RetentionConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    RecordRetention recordRetention(MongoTemplate mongo,
            @Value("${deep-predictor.retention.keep-finished}") Duration keepFinished,
            @Value("${deep-predictor.retention.interval:1m}") Duration interval) {
        if (keepFinished.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("deep-predictor.retention.keep-finished must be >= 0 and "
                    + "deep-predictor.retention.interval > 0, got " + keepFinished + " and " + interval);
        }
        return new RecordRetention(mongo, keepFinished, interval, Clock.systemUTC());
    }

}
