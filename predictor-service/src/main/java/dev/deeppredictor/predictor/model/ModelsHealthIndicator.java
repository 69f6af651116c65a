package dev.deeppredictor.predictor.model;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Shows which models this predictor serves and why the others are not. Always UP: a model that
 * failed to load is an operator's matter, not a reason to take the process out of service.
 */
@Component
class ModelsHealthIndicator extends AbstractHealthIndicator {

    private final ModelRegistry registry;

    ModelsHealthIndicator(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetail("served", this.registry.modelNames()).withDetail("failed", this.registry.failures());
    }

}
