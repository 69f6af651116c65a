package dev.deeppredictor.api.storage;

import java.time.Duration;

import dev.deeppredictor.api.config.StorageProperties;
import dev.deeppredictor.model.transport.NoDelaySocketFactory;
import io.minio.MinioAsyncClient;
import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MinIO client of the object store: the asynchronous one, so that no call holds a thread while
 * it waits.
 */
@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

    @Bean
    MinioAsyncClient minioAsyncClient(StorageProperties storage) {
        // OkHttp leaves Nagle's algorithm on; with the server's delayed ACKs every PUT stalls ~40 ms.
        OkHttpClient http = new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory())
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(30))
            .writeTimeout(Duration.ofSeconds(30))
            .build();
        return MinioAsyncClient.builder()
            .endpoint(storage.endpoint())
            .credentials(storage.accessKey(), storage.secretKey())
            .region(storage.region())
            .httpClient(http)
            .build();
    }

}
