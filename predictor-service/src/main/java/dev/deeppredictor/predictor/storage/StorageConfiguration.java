package dev.deeppredictor.predictor.storage;

import dev.deeppredictor.model.transport.NoDelaySocketFactory;
import io.minio.MinioClient;
import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The object store client.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean(destroyMethod = "close")
    MinioClient minioClient(StorageProperties properties) {
        OkHttpClient http = new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory())
            .connectTimeout(properties.connectTimeout())
            .readTimeout(properties.readTimeout())
            .writeTimeout(properties.readTimeout())
            .build();
        return MinioClient.builder()
            .endpoint(properties.endpoint())
            .credentials(properties.accessKey(), properties.secretKey())
            .region(properties.region())
            .httpClient(http, true)
            .build();
    }

}
