package dev.deeppredictor.api.realm;

import dev.deeppredictor.api.prediction.PredictionStore;
import dev.deeppredictor.api.storage.ObjectStore;

/**
 * Where one API keeps its data: the production API ({@code /upload}, {@code /api}, {@code /api/v1})
 * serves production models from the production database and bucket; the test API
 * ({@code /test-upload}, {@code /test-api}) serves test models from a database and bucket of its
 * own, so tests run against production never touch production data.
 *
 * @param test whether this is the test API's realm
 * @param predictions the prediction records
 * @param images the uploaded images
 */
public record Realm(boolean test, PredictionStore predictions, ObjectStore images) {

    public String name() {
        return this.test ? "test" : "production";
    }

}
