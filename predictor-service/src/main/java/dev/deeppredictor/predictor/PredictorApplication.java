package dev.deeppredictor.predictor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Consumes prediction jobs, runs them through the configured models and stores the results.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PredictorApplication {

    public static void main(String[] args) {
        // Must be set before any DJL class loads: a missing native library then fails at start-up
        // with a clear message instead of DJL trying to download one.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        SpringApplication.run(PredictorApplication.class, args);
    }

}
