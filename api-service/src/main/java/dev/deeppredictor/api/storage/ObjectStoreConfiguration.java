package dev.deeppredictor.api.storage;

import java.time.Duration;

import dev.deeppredictor.api.config.StorageProperties;
import dev.deeppredictor.model.transport.NoDelaySocketFactory;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MinIO clients of the object store: the asynchronous one the service uses, and a blocking
 * one on the same connections for whoever needs one (the tests).
 */
@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

    @Bean
    OkHttpClient objectStoreHttp() {
        // OkHttp leaves Nagle's algorithm on; with the server's delayed ACKs every PUT stalls ~40 ms.
        return new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory())
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(30))
            .writeTimeout(Duration.ofSeconds(30))
            .build();
    }

    @Bean
    MinioAsyncClient minioAsyncClient(StorageProperties storage, OkHttpClient objectStoreHttp) {
        return MinioAsyncClient.builder()
            .endpoint(storage.endpoint())
            .credentials(storage.accessKey(), storage.secretKey())
            .region(storage.region())
            .httpClient(objectStoreHttp)
            .build();
    }

    @Bean
    MinioClient minioClient(StorageProperties storage, OkHttpClient objectStoreHttp) {
        return MinioClient.builder()
            .endpoint(storage.endpoint())
            .credentials(storage.accessKey(), storage.secretKey())
            .region(storage.region())
            .httpClient(objectStoreHttp)
            .build();
    }

}
