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
import dev.deeppredictor.model.transport.UnsignedPutHeaders;
import io.minio.GetObjectArgs;
import io.minio.Http;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectAPIArgs;
import io.minio.PutObjectArgs;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The limit of the zero-cost path: the same server calls a job makes in the pipeline, from a
 * plain client with no framework, one job at a time. Per job an uploader PUTs the image, inserts
 * the record, publishes the job with a confirm and marks the record published (the API's calls); a
 * consumer GETs the image, claims the record, writes the result, publishes the result event and
 * acks (the predictor's calls, which the predictor makes per batch where it can); the end of a job
 * is seen when its result event arrives, as the pipeline's load generator sees it. The queue is a
 * quorum queue like the pipeline's; the database, queues and exchange are the bench's own.
 */
final class BareClient implements AutoCloseable {

    static final String QUEUE = "bench.bare-client";

    static final String EVENTS = "bench.bare-client.results";

    /** A stand-in for the SHA-256 of the image that the API stores with each record. */
    private static final String DIGEST = "0".repeat(64);

    private static final Bson NOT_FINAL = Filters.nin("state", "SUCCEEDED", "FAILED", "EXPIRED");

    private final MinioAsyncClient s3;

    private final String bucket;

    private final MongoClient mongoClient;

    private final MongoCollection<Document> records;

    private final Connection publishing;

    private final Connection consuming;

    private final ThreadLocal<Channel> channels;

    private final ExecutorService consumerThreads;

    private final Connection events;

    BareClient(String s3Endpoint, String accessKey, String secretKey, String bucket, String mongoUri,
            ConnectionFactory rabbit, int consumers) throws Exception {
        OkHttpClient http = new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory()).build();
        this.s3 = MinioAsyncClient.builder().endpoint(s3Endpoint).credentials(accessKey, secretKey).region("us-east-1")
            .httpClient(http).build();
        this.bucket = bucket;
        this.mongoClient = MongoClients.create(mongoUri);
        this.records = this.mongoClient.getDatabase("bench_bare_client").getCollection("predictions");
        this.publishing = rabbit.newConnection("bench-bare-publish");
        this.consumerThreads = Executors.newFixedThreadPool(consumers);
        ConnectionFactory consumerFactory = rabbit.clone();
        consumerFactory.setSharedExecutor(this.consumerThreads);
        this.consuming = consumerFactory.newConnection("bench-bare-consume");
        this.events = rabbit.newConnection("bench-bare-events");
        try (Channel admin = this.publishing.createChannel()) {
            admin.queueDeclare(QUEUE, true, false, false, Map.of("x-queue-type", "quorum"));
            admin.queuePurge(QUEUE);
            admin.exchangeDeclare(EVENTS, "topic", true);
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

    /**
     * Starts {@code consumers} consumers that finish jobs, and the listener of their result events
     * that reports each job's end to {@code driver}.
     */
    void consume(int consumers, int prefetch, LoadDriver driver) throws IOException {
        Channel listening = this.events.createChannel();
        String eventQueue = listening.queueDeclare("", false, true, true, null).getQueue();
        listening.queueBind(eventQueue, EVENTS, "#");
        listening.basicConsume(eventQueue, true, (tag, delivery) -> {
            long now = System.nanoTime();
            String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
            driver.finished(body.substring(body.indexOf("\"predictionId\":\"") + 16, body.indexOf("\",\"model\"")), now);
        }, (tag) -> {
        });
        for (int i = 0; i < consumers; i++) {
            Channel channel = this.consuming.createChannel();
            channel.basicQos(prefetch);
            DeliverCallback finish = (tag, delivery) -> {
                String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
                String id = body.substring(body.indexOf("\"id\":\"") + 6, body.indexOf("\",\"key\""));
                String key = body.substring(body.indexOf("\"key\":\"") + 7, body.lastIndexOf('"'));
                try (InputStream image = this.s3.getObject(GetObjectArgs.builder().bucket(this.bucket).object(key).build()).join()) {
                    image.readAllBytes();
                }
                catch (Exception ex) {
                    throw new IOException("GET " + key + " failed", ex);
                }
                Bson open = Filters.and(Filters.eq("_id", id), NOT_FINAL);
                this.records.updateOne(open, Updates.combine(Updates.set("state", "RUNNING"),
                        Updates.set("worker", "bench"), Updates.set("startedAt", Instant.now()), Updates.inc("attempts", 1)));
                this.records.updateOne(open, Updates.combine(Updates.set("state", "SUCCEEDED"),
                        Updates.set("statusCode", 200), Updates.set("predictionTime", 0.0),
                        Updates.set("predictions", List.of(new Document("class_index", 0).append("class_name", "noop")
                            .append("confidence", 1.0))),
                        Updates.set("modelInfo", new Document("method", "noop").append("model_id", 900).append("backend", "noop")),
                        Updates.set("label", "noop"), Updates.set("finishedAt", Instant.now())));
                channel.basicPublish(EVENTS, "bench", MessageProperties.BASIC,
                        ("{\"predictionId\":\"" + id + "\",\"model\":\"bench\",\"state\":\"SUCCEEDED\",\"statusCode\":200}")
                            .getBytes(StandardCharsets.UTF_8));
                channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            };
            channel.basicConsume(QUEUE, false, finish, (tag) -> {
            });
        }
    }

    /** One job's uploader half; returns its id once the broker confirmed the publish. */
    String submit(byte[] image, String contentType) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        String key = "bench-bare-client/" + id + ".png";
        // As the API's PUT: the payload unsigned, guarded by a CRC32 the store verifies.
        this.s3.putObject(new PutObjectAPIArgs(PutObjectArgs.builder().bucket(this.bucket).object(key)
            .data(image, image.length).contentType(contentType).build(), image, image.length,
                MediaType.parse(contentType), new Http.Headers(UnsignedPutHeaders.of(image)))).join();
        Instant now = Instant.now();
        this.records.insertOne(new Document("_id", id).append("model", "bench").append("state", "QUEUED")
            .append("statusCode", 100).append("imageKey", key).append("contentType", contentType)
            .append("predictions", new ArrayList<>()).append("attempts", 0).append("queuedAt", now)
            .append("caller", "bench").append("imageDigest", DIGEST));
        Channel channel = this.channels.get();
        AMQP.BasicProperties persistent = MessageProperties.PERSISTENT_BASIC.builder().contentType("application/json")
            .build();
        channel.basicPublish("", QUEUE, persistent,
                ("{\"id\":\"" + id + "\",\"key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(Duration.ofSeconds(10).toMillis());
        this.records.updateOne(Filters.eq("_id", id), Updates.set("publishedAt", Instant.now()));
        return id;
    }

    @Override
    public void close() throws Exception {
        this.publishing.close();
        this.consuming.close();
        this.events.close();
        this.consumerThreads.shutdownNow();
        this.mongoClient.close();
    }

}
