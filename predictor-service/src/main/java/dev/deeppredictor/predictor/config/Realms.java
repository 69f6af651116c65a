package dev.deeppredictor.predictor.config;

import dev.deeppredictor.model.definition.ModelDefinition;

/**
 * The production and the test realm.
 *
 * @param production where production models keep their data
 * @param test where test models keep their data
 */
public record Realms(Realm production, Realm test) {

    /** The realm of a model: test models are kept apart. */
    public Realm of(ModelDefinition model) {
        return model.test() ? this.test : this.production;
    }

}
