package dev.deeppredictor.api.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

import javax.net.SocketFactory;

import dev.deeppredictor.api.config.StorageProperties;
import io.minio.MinioClient;
import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MinIO client of the object store.
 */
@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

    @Bean
    MinioClient minioClient(StorageProperties storage) {
        // OkHttp leaves Nagle's algorithm on; with the server's delayed ACKs every PUT stalls ~40 ms.
        OkHttpClient http = new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory())
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(30))
            .writeTimeout(Duration.ofSeconds(30))
            .build();
        return MinioClient.builder()
            .endpoint(storage.endpoint())
            .credentials(storage.accessKey(), storage.secretKey())
            .region(storage.region())
            .httpClient(http)
            .build();
    }

    /** Opens sockets with TCP_NODELAY set. */
    static final class NoDelaySocketFactory extends SocketFactory {

        private final SocketFactory delegate = SocketFactory.getDefault();

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(this.delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(this.delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(this.delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(this.delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(this.delegate.createSocket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

    }

}
