package dev.deeppredictor.api.realm;

import com.mongodb.reactivestreams.client.MongoClient;
import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.config.StorageProperties;
import dev.deeppredictor.api.prediction.PredictionStore;
import dev.deeppredictor.api.storage.ObjectStore;
import io.minio.MinioAsyncClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.SimpleReactiveMongoDatabaseFactory;

/**
 * Production uses the configured database and bucket (the {@link PredictionStore} and
 * {@link ObjectStore} beans); the test API gets its own, sharing the clients.
 */
@Configuration(proxyBeanMethods = false)
class RealmConfiguration {

    @Bean
    Realms realms(PredictionStore predictions, ObjectStore images, ReactiveMongoTemplate mongo, MongoClient client,
            MinioAsyncClient minio, ApiProperties properties, StorageProperties storage) {
        ReactiveMongoTemplate testMongo = new ReactiveMongoTemplate(
                new SimpleReactiveMongoDatabaseFactory(client, properties.testDatabase()), mongo.getConverter());
        return new Realms(new Realm(false, predictions, images),
                new Realm(true, new PredictionStore(testMongo), new ObjectStore(minio, storage.testBucket())));
    }

}
