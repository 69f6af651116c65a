package dev.deeppredictor.predictor.config;

import dev.deeppredictor.predictor.result.ResultStore;
import dev.deeppredictor.predictor.storage.ImageStore;

/**
 * Where one kind of model keeps its data: production models use the production database and
 * bucket, test models (the seed's test predictors) a database and bucket of their own, so that
 * tests run in production never touch production data.
 *
 * @param name "production" or "test", for the logs
 * @param results the prediction records
 * @param images the uploaded images
 */
public record Realm(String name, ResultStore results, ImageStore images) {
}
