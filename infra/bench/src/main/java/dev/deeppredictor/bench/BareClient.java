package dev.deeppredictor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.MessageProperties;
import dev.deeppredictor.model.transport.NoDelaySocketFactory;
import io.minio.Checksum;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import okhttp3.OkHttpClient;
import org.bson.Document;

/**
 * The limit of the zero-cost path: the same server calls a job makes in the pipeline, from a
 * plain client with no framework. Per job an uploader PUTs the image, inserts the record and
 * publishes the job with a confirm; a consumer GETs the image, updates the record and acks.
 * The queue is a quorum queue like the pipeline's; the database and queue are the bench's own.
 */
final class BareClient implements AutoCloseable {

    static final String QUEUE = "bench.bare-client";

    private final MinioClient s3;

    private final String bucket;

    private final MongoClient mongoClient;

    private final MongoCollection<Document> records;

    private final Connection publishing;

    private final Connection consuming;

    private final ThreadLocal<Channel> channels;

    private final ExecutorService consumerThreads;

    BareClient(String s3Endpoint, String accessKey, String secretKey, String bucket, String mongoUri,
            ConnectionFactory rabbit, int consumers) throws Exception {
        OkHttpClient http = new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory()).build();
        this.s3 = MinioClient.builder().endpoint(s3Endpoint).credentials(accessKey, secretKey).region("us-east-1")
            .httpClient(http).build();
        this.bucket = bucket;
        this.mongoClient = MongoClients.create(mongoUri);
        this.records = this.mongoClient.getDatabase("bench_bare_client").getCollection("predictions");
        this.publishing = rabbit.newConnection("bench-bare-publish");
        this.consumerThreads = Executors.newFixedThreadPool(consumers);
        ConnectionFactory consumerFactory = rabbit.clone();
        consumerFactory.setSharedExecutor(this.consumerThreads);
        this.consuming = consumerFactory.newConnection("bench-bare-consume");
        try (Channel admin = this.publishing.createChannel()) {
            admin.queueDeclare(QUEUE, true, false, false, Map.of("x-queue-type", "quorum"));
            admin.queuePurge(QUEUE);
        }
        this.channels = ThreadLocal.withInitial(() -> {
            try {
                Channel channel = this.publishing.createChannel();
                channel.confirmSelect();
                return channel;
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    /** Starts {@code consumers} consumers that finish jobs and report them to {@code driver}. */
    void consume(int consumers, int prefetch, LoadDriver driver) throws IOException {
        for (int i = 0; i < consumers; i++) {
            Channel channel = this.consuming.createChannel();
            channel.basicQos(prefetch);
            DeliverCallback finish = (tag, delivery) -> {
                String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
                String id = body.substring(body.indexOf("\"id\":\"") + 6, body.indexOf("\",\"key\""));
                String key = body.substring(body.indexOf("\"key\":\"") + 7, body.lastIndexOf('"'));
                try (InputStream image = this.s3.getObject(GetObjectArgs.builder().bucket(this.bucket).object(key).build())) {
                    image.readAllBytes();
                }
                catch (Exception ex) {
                    throw new IOException("GET " + key + " failed", ex);
                }
                this.records.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("state", "SUCCEEDED"),
                        Updates.set("statusCode", 200), Updates.set("predictionTime", 0.0),
                        Updates.set("predictions", List.of(new Document("class_index", 0).append("class_name", "noop")
                            .append("confidence", 1.0))),
                        Updates.set("worker", "bench"), Updates.set("finishedAt", Instant.now())));
                channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
                driver.finished(id, System.nanoTime());
            };
            channel.basicConsume(QUEUE, false, finish, (tag) -> {
            });
        }
    }

    /** One job's uploader half; returns its id once the broker confirmed the publish. */
    String submit(byte[] image, String contentType) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        String key = "bench-bare-client/" + id + ".png";
        this.s3.putObject(PutObjectArgs.builder().bucket(this.bucket).object(key)
            .data(image, image.length).contentType(contentType)
            .checksum(Checksum.Algorithm.CRC32).build());
        Instant now = Instant.now();
        this.records.insertOne(new Document("_id", id).append("model", "bench").append("state", "QUEUED")
            .append("statusCode", 100).append("imageKey", key).append("contentType", contentType)
            .append("predictions", new ArrayList<>()).append("attempts", 0).append("queuedAt", now));
        Channel channel = this.channels.get();
        AMQP.BasicProperties persistent = MessageProperties.PERSISTENT_BASIC.builder().contentType("application/json")
            .build();
        channel.basicPublish("", QUEUE, persistent,
                ("{\"id\":\"" + id + "\",\"key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(Duration.ofSeconds(10).toMillis());
        return id;
    }

    @Override
    public void close() throws Exception {
        this.publishing.close();
        this.consuming.close();
        this.consumerThreads.shutdownNow();
        this.mongoClient.close();
    }

}
