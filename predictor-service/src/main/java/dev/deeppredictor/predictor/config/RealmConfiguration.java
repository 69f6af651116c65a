package dev.deeppredictor.predictor.config;

import com.mongodb.client.MongoClient;
import dev.deeppredictor.predictor.result.ResultStore;
import dev.deeppredictor.predictor.storage.ImageStore;
import dev.deeppredictor.predictor.storage.StorageProperties;
import io.minio.MinioClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

/**
 * The two realms: production on the configured database and bucket, test on the test ones.
 */
@Configuration(proxyBeanMethods = false)
class RealmConfiguration {

    @Bean
    Realms realms(MongoTemplate mongo, MongoClient client, MinioClient minio, StorageProperties storage,
            PredictorProperties properties) {
        // The test database shares the client and the mapping of the production one.
        MongoTemplate testMongo = new MongoTemplate(
                new SimpleMongoClientDatabaseFactory(client, properties.testDatabase()), mongo.getConverter());
        return new Realms(new Realm("production", new ResultStore(mongo), new ImageStore(minio, storage.bucket())),
                new Realm("test", new ResultStore(testMongo), new ImageStore(minio, storage.testBucket())));
    }

}
