package dev.deeppredictor.infra.test;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.github.dockerjava.api.DockerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/** The servers as Testcontainers, for hosts where Docker runs. */
final class ContainerServers implements Servers {

    private static final Logger log = LoggerFactory.getLogger(ContainerServers.class);

    private static final int AMQP = 5672;

    private static final int MANAGEMENT = 15672;

    private static final Duration RABBIT_RESTART_TIMEOUT = Duration.ofSeconds(90);

    private final RabbitMQContainer rabbit;

    private final MongoDBContainer mongo;

    private final MinIOContainer minio;

    private boolean closed;

    private ContainerServers(RabbitMQContainer rabbit, MongoDBContainer mongo, MinIOContainer minio) {
        this.rabbit = rabbit;
        this.mongo = mongo;
        this.minio = minio;
    }

    static ContainerServers start(String bucket) {
        RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:3.13-management");
        // Fixed host ports: a restarted container would otherwise get new random ones, and the fault
        // tests need the broker back where the services were told it is.
        List<Integer> ports = FreePorts.pick(2);
        rabbit.setPortBindings(List.of(ports.get(0) + ":" + AMQP, ports.get(1) + ":" + MANAGEMENT));
        MongoDBContainer mongo = new MongoDBContainer("mongo:7");
        MinIOContainer minio = new MinIOContainer("minio/minio:RELEASE.2024-12-18T13-15-44Z")
            .withUserName(LauncherProcess.ACCESS_KEY)
            .withPassword(LauncherProcess.SECRET_KEY);
        ContainerServers servers = new ContainerServers(rabbit, mongo, minio);
        try {
            rabbit.start();
            mongo.start();
            minio.start();
            createBucket(minio, bucket);
        }
        catch (RuntimeException ex) {
            servers.close();
            throw ex;
        }
        return servers;
    }

    @Override
    public Endpoints endpoints() {
        return new Endpoints(rabbit.getHost(), rabbit.getAmqpPort(), rabbit.getAdminUsername(),
                rabbit.getAdminPassword(), rabbit.getHttpUrl(), mongo.getConnectionString(), minio.getS3URL(),
                minio.getUserName(), minio.getPassword());
    }

    @Override
    public void stopRabbit() {
        docker().stopContainerCmd(rabbit.getContainerId()).exec();
    }

    @Override
    public void startRabbit() {
        docker().startContainerCmd(rabbit.getContainerId()).exec();
        awaitRabbit();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        minio.stop();
        mongo.stop();
        rabbit.stop();
    }

    private static void createBucket(MinIOContainer minio, String bucket) {
        try {
            exec(minio, "mc", "alias", "set", "local", "http://127.0.0.1:9000", minio.getUserName(), minio.getPassword());
            exec(minio, "mc", "mb", "--ignore-existing", "local/" + bucket);
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot create bucket " + bucket + " in MinIO", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating bucket " + bucket, ex);
        }
    }

    private static void exec(MinIOContainer minio, String... command) throws IOException, InterruptedException {
        ExecResult result = minio.execInContainer(command);
        if (result.getExitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + result.getStderr());
        }
    }

    private DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** Waits for the restarted broker: AMQP accepts connections and the management API answers. */
    private void awaitRabbit() {
        long deadline = System.nanoTime() + RABBIT_RESTART_TIMEOUT.toNanos();
        while (!(amqpAccepts() && managementAnswers())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("RabbitMQ did not come back within " + RABBIT_RESTART_TIMEOUT);
            }
            try {
                Thread.sleep(500);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for RabbitMQ", ex);
            }
        }
        log.info("RabbitMQ container is back on port {}", rabbit.getAmqpPort());
    }

    private boolean amqpAccepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(rabbit.getHost(), rabbit.getAmqpPort()), 1000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private boolean managementAnswers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(rabbit.getHttpUrl() + "/api/overview")
                .toURL()
                .openConnection();
            String credentials = rabbit.getAdminUsername() + ":" + rabbit.getAdminPassword();
            connection.setRequestProperty("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            }
            finally {
                connection.disconnect();
            }
        }
        catch (IOException ex) {
            return false;
        }
    }

}
