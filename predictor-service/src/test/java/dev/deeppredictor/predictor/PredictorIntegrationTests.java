package dev.deeppredictor.predictor;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.rabbitmq.client.Channel;
import dev.deeppredictor.infra.test.TestServers;
import dev.deeppredictor.model.Messaging;
import dev.deeppredictor.model.ModelInfo;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionRecord;
import dev.deeppredictor.model.PredictionState;
import dev.deeppredictor.model.StatusCode;
import dev.deeppredictor.model.ResultEvent;
import dev.deeppredictor.predictor.storage.StorageProperties;
import com.mongodb.client.MongoClient;
import dev.deeppredictor.model.ImageLabel;
import dev.deeppredictor.model.Prediction;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.support.converter.DefaultJacksonJavaTypeMapper;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The whole predictor against real RabbitMQ, MongoDB and S3 servers and the real Fashion-MNIST
 * model: jobs go in through the job exchange, results come out in MongoDB and as events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PredictorIntegrationTests {

    private static final TestServers SERVERS = TestServers.shared();

    private static final String DATABASE = "predictor_it_" + UUID.randomUUID().toString().substring(0, 8);

    private static final ModelInfo FASHION = new ModelInfo("fashion-cnn", 300, "pytorch");

    @Autowired
    private MinioClient minio;

    @Autowired
    private StorageProperties storage;

    @Autowired
    private MongoTemplate mongo;

    @Autowired
    private MongoClient mongoClient;

    @Autowired
    private ConnectionFactory connectionFactory;

    @Autowired
    private JacksonJsonMessageConverter converter;

    @Autowired
    private AmqpAdmin admin;

    @Autowired
    private RabbitTemplate rabbit;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        Map<String, String> properties = new LinkedHashMap<>(SERVERS.springProperties(DATABASE));
        properties.put("deep-predictor.config-dir", repositoryRoot().resolve("config").toString());
        properties.put("deep-predictor.worker-id", "integration-test");
        properties.put("deep-predictor.test-database", DATABASE + "_test");
        properties.forEach((key, value) -> registry.add(key, () -> value));
    }

    @Test
    void predictsInMicroBatchesWithThePyTorchResults() throws Exception {
        List<FashionReference> references = FashionReference.all();
        assertThat(references).hasSizeGreaterThanOrEqualTo(24);
        Queue events = this.admin.declareQueue();
        this.admin.declareBinding(BindingBuilder.bind(events).to(new TopicExchange(Messaging.RESULT_EXCHANGE))
            .with("fashion"));
        String run = UUID.randomUUID().toString();
        Map<String, FashionReference> referenceById = new HashMap<>();
        List<PredictionJob> jobs = new ArrayList<>();
        for (FashionReference reference : references) {
            PredictionJob job = upload(run, reference.file(), reference.png());
            referenceById.put(job.predictionId(), reference);
            jobs.add(job);
        }
        PredictionJob corrupt = upload(run, "corrupt.png", "this is no PNG".getBytes(StandardCharsets.UTF_8));
        jobs.add(jobs.size() / 2, corrupt);
        jobs.forEach((job) -> this.mongo.insert(PredictionRecord.queued(job, null), PredictionRecord.COLLECTION));

        publishAllAtOnce(jobs);

        Map<String, PredictionRecord> records = await().atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> records(jobs), (found) -> found.size() == jobs.size()
                    && found.values().stream().allMatch((record) -> record.state().isFinal()));

        PredictionRecord failed = records.get(corrupt.predictionId());
        assertThat(failed.state()).isEqualTo(PredictionState.FAILED);
        // A failed image is not filed: it stays where it was uploaded, for a look at what went wrong.
        assertThat(failed.imageKey()).isEqualTo(corrupt.imageKey());
        assertThat(exists(this.storage.bucket(), corrupt.imageKey())).isTrue();
        assertThat(failed.statusCode()).isEqualTo(StatusCode.IMAGE_NOT_SUPPORTED.code());
        assertThat(failed.error()).contains("not an image");

        int correct = 0;
        int sameAsTorch = 0;
        for (Map.Entry<String, FashionReference> entry : referenceById.entrySet()) {
            PredictionRecord record = records.get(entry.getKey());
            FashionReference reference = entry.getValue();
            assertThat(record.state()).isEqualTo(PredictionState.SUCCEEDED);
            assertThat(record.statusCode()).isEqualTo(200);
            assertThat(record.predictions()).hasSize(3);
            assertThat(record.modelInfo()).isEqualTo(FASHION);
            assertThat(record.worker()).isEqualTo("integration-test");
            assertThat(record.attempts()).isEqualTo(1);
            assertThat(record.predictionTime()).isNotNull().isGreaterThanOrEqualTo(0.0);
            assertThat(record.startedAt()).isNotNull();
            assertThat(record.finishedAt()).isAfterOrEqualTo(record.startedAt());
            // image-action: save files the image under its label and the upload is gone.
            Prediction best = record.predictions().get(0);
            String label = (best.confidence() >= 0.5) ? best.className() : ImageLabel.NOT_CONFIDENT;
            assertThat(record.label()).isEqualTo(label);
            assertThat(record.imageKey()).isEqualTo("fashion/" + ImageLabel.folder(label) + "/" + record.id() + ".png");
            assertThat(exists(this.storage.bucket(), record.imageKey())).isTrue();
            // The upload is deleted only after the result with its new key is stored (a crash in
            // between leaves a second copy, never a lost image), so it may outlive the record's
            // final state by a moment.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> !exists(this.storage.bucket(), "uploads/" + record.id() + ".png"));
            int top = record.predictions().get(0).classIndex();
            correct += (top == reference.label()) ? 1 : 0;
            if (top == reference.torchClass()) {
                sameAsTorch++;
                assertThat(record.predictions().get(0).confidence()).isCloseTo(reference.torchConfidence(),
                        within(1e-3));
            }
        }
        assertThat((double) correct / references.size()).isGreaterThanOrEqualTo(0.85);
        assertThat(sameAsTorch).isGreaterThanOrEqualTo(references.size() - 1);

        // Jobs claimed together share their start time: the corrupt image was in a batch with others,
        // and they succeeded all the same.
        Map<Object, List<PredictionRecord>> batches = records.values()
            .stream()
            .collect(Collectors.groupingBy(PredictionRecord::startedAt));
        List<PredictionRecord> corruptBatch = batches.get(failed.startedAt());
        assertThat(batches.size()).isLessThan(jobs.size());
        assertThat(corruptBatch).hasSizeGreaterThan(1);
        assertThat(corruptBatch).filteredOn((record) -> !record.id().equals(corrupt.predictionId()))
            .allMatch((record) -> record.state() == PredictionState.SUCCEEDED);

        assertThat(resultEvents(events.getName(), jobs)).hasSize(jobs.size())
            .containsEntry(corrupt.predictionId(), new ResultEvent(corrupt.predictionId(), "fashion",
                    PredictionState.FAILED, 510));
        JsonNode health = health();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("mongo").path("status").asString()).isEqualTo("UP");
    }

    /**
     * A test model (the seed's test predictors) keeps to the test database and bucket: its record is
     * completed there, production's database never sees it, and its image is removed once predicted.
     */
    @Test
    void testModelsKeepToTheTestDatabaseAndBucket() throws Exception {
        if (!this.minio.bucketExists(BucketExistsArgs.builder().bucket(this.storage.testBucket()).build())) {
            this.minio.makeBucket(MakeBucketArgs.builder().bucket(this.storage.testBucket()).build());
        }
        FashionReference reference = FashionReference.all().get(0);
        String id = "test-api-" + UUID.randomUUID();
        String key = "uploads/fashion-test/" + id + ".png";
        this.minio.putObject(PutObjectArgs.builder()
            .bucket(this.storage.testBucket())
            .object(key)
            .stream(new ByteArrayInputStream(reference.png()), (long) reference.png().length, -1L)
            .contentType("image/png")
            .build());
        PredictionJob job = new PredictionJob(id, "fashion-test", key, "image/png", Instant.now(), true);
        MongoTemplate testDatabase = new MongoTemplate(
                new SimpleMongoClientDatabaseFactory(this.mongoClient, DATABASE + "_test"), this.mongo.getConverter());
        testDatabase.insert(PredictionRecord.queued(job, null), PredictionRecord.COLLECTION);

        this.rabbit.send(Messaging.JOB_EXCHANGE, "fashion-test", this.converter.toMessage(job, new MessageProperties()));

        PredictionRecord record = await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> testDatabase.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION),
                    (found) -> found != null && found.state().isFinal());
        assertThat(record.state()).isEqualTo(PredictionState.SUCCEEDED);
        assertThat(record.predictions().get(0).classIndex()).isEqualTo(reference.torchClass());
        assertThat(record.imageKey()).isNull();
        assertThat(exists(this.storage.testBucket(), key)).isFalse();
        assertThat(this.mongo.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION)).isNull();
    }

    /**
     * Messages that are not jobs, and jobs whose every start ended without a result (poison), go to
     * the dead-letter queue with the reason; a job that waited longer than its time-to-live expires.
     */
    @Test
    void poisonAndGarbageAreDeadLetteredWithTheirReasonAndOldJobsExpire() throws Exception {
        Queue deadLetters = this.admin.declareQueue();
        this.admin.declareBinding(BindingBuilder.bind(deadLetters).to(new FanoutExchange(Messaging.DEAD_LETTER_EXCHANGE)));
        FashionReference reference = FashionReference.all().get(1);
        String run = UUID.randomUUID().toString();
        PredictionJob poison = upload(run, "poison.png", reference.png());
        PredictionJob old = upload(run, "old.png", reference.png());
        old = new PredictionJob(old.predictionId(), old.model(), old.imageKey(), old.contentType(),
                Instant.now().minus(Duration.ofHours(1)), false);
        PredictionRecord spent = PredictionRecord.queued(poison, null);
        this.mongo.insert(new PredictionRecord(spent.id(), spent.model(), PredictionState.RUNNING, 100, spent.imageKey(),
                spent.contentType(), null, null, List.of(), null, null, "crashed-worker", null, 3, spent.queuedAt(),
                Instant.now(), null, null, null, Instant.now()), PredictionRecord.COLLECTION);
        this.mongo.insert(PredictionRecord.queued(old, null), PredictionRecord.COLLECTION);
        MessageProperties garbageProperties = new MessageProperties();
        garbageProperties.setContentType(MessageProperties.CONTENT_TYPE_JSON);

        this.rabbit.send(Messaging.JOB_EXCHANGE, "fashion", new Message("{\"not\": \"a job\"".getBytes(StandardCharsets.UTF_8),
                garbageProperties));
        this.rabbit.send(Messaging.JOB_EXCHANGE, "fashion", this.converter.toMessage(poison, new MessageProperties()));
        this.rabbit.send(Messaging.JOB_EXCHANGE, "fashion", this.converter.toMessage(old, new MessageProperties()));

        List<PredictionJob> both = List.of(poison, old);
        Map<String, PredictionRecord> records = await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> records(both), (found) -> found.values().stream().allMatch((r) -> r.state().isFinal()));
        assertThat(records.get(poison.predictionId())).satisfies((record) -> {
            assertThat(record.state()).isEqualTo(PredictionState.FAILED);
            assertThat(record.statusCode()).isEqualTo(550);
            assertThat(record.error()).contains("gave up after 3 attempts");
        });
        assertThat(records.get(old.predictionId())).satisfies((record) -> {
            assertThat(record.state()).isEqualTo(PredictionState.EXPIRED);
            assertThat(record.error()).contains("time-to-live");
            assertThat(record.predictions()).isEmpty();
        });

        Map<String, Message> dead = new HashMap<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Message message = this.rabbit.receive(deadLetters.getName());
            if (message != null) {
                dead.put(String.valueOf(message.getMessageProperties().getHeaders().get(Messaging.DEAD_PREDICTION_HEADER)),
                        message);
            }
            return dead.size() == 2;
        });
        assertThat(dead.get(poison.predictionId()).getMessageProperties().getHeaders())
            .containsEntry(Messaging.DEAD_QUEUE_HEADER, "deep-predictor.model.fashion")
            .hasEntrySatisfying(Messaging.DEAD_REASON_HEADER, (reason) -> assertThat(reason.toString()).contains("3 attempts"));
        assertThat(dead.get("null").getMessageProperties().getHeaders())
            .hasEntrySatisfying(Messaging.DEAD_REASON_HEADER, (reason) -> assertThat(reason.toString()).contains("not a prediction job"));
        assertThat(new String(dead.get("null").getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"not\": \"a job\"");
    }

    /** The ONNX Runtime model beside the PyTorch one in the same predictor (run infra/models/prepare.sh). */
    @Test
    void findsAFaceWithTheOnnxModel() throws Exception {
        FaceFixtures.preparedConfig(); // fails at once, naming prepare.sh, rather than after the wait

        PredictionRecord record = predictPhoto("faces", "astronaut.png");

        assertThat(record.state()).isEqualTo(PredictionState.SUCCEEDED);
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.modelInfo()).isEqualTo(new ModelInfo("blazeface-front", 400, "onnxruntime"));
        assertThat(record.predictions()).singleElement().satisfies((face) -> {
            assertThat(face.className()).isEqualTo("face");
            assertThat(face.classIndex()).isNull();
            assertThat(face.confidence()).isGreaterThan(0.8);
            assertThat(face.bbox().cx()).isBetween(0.33, 0.67);
            assertThat(face.bbox().cy()).isBetween(0.1, 0.5);
        });
    }

    /** The TensorFlow SavedModel as the third engine in the same predictor (run infra/models/prepare.sh). */
    @Test
    void findsACatWithTheTensorFlowModel() throws Exception {
        FaceFixtures.preparedConfig("artifacts/common-objects/ssdlite-mobilenet-v2/saved_model.pb");

        PredictionRecord record = predictPhoto("common-objects", "chelsea.png");

        assertThat(record.state()).isEqualTo(PredictionState.SUCCEEDED);
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.modelInfo()).isEqualTo(new ModelInfo("ssdlite-mobilenet-v2", 500, "tensorflow"));
        assertThat(record.predictions()).first().satisfies((cat) -> {
            assertThat(cat.className()).isEqualTo("cat");
            assertThat(cat.confidence()).isGreaterThan(0.8);
        });
    }

    /** Uploads a test photo, sends its job to the model and waits for the final record. */
    private PredictionRecord predictPhoto(String model, String photoName) throws Exception {
        String id = model + "-" + UUID.randomUUID();
        byte[] photo = FaceFixtures.photo(photoName);
        String key = "uploads/" + id + ".png";
        this.minio.putObject(PutObjectArgs.builder()
            .bucket(this.storage.bucket())
            .object(key)
            .stream(new ByteArrayInputStream(photo), (long) photo.length, -1L)
            .contentType("image/png")
            .build());
        PredictionJob job = new PredictionJob(id, model, key, "image/png", Instant.now(), false);
        this.mongo.insert(PredictionRecord.queued(job, null), PredictionRecord.COLLECTION);

        this.rabbit.send(Messaging.JOB_EXCHANGE, model, this.converter.toMessage(job, new MessageProperties()));

        return await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> records(List.of(job)).get(id), (found) -> found != null && found.state().isFinal());
    }

    private boolean exists(String bucket, String key) throws Exception {
        try {
            this.minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        }
        catch (ErrorResponseException ex) {
            if ("NoSuchKey".equals(ex.errorResponse().code())) {
                return false;
            }
            throw ex;
        }
    }

    private PredictionJob upload(String run, String file, byte[] bytes) throws Exception {
        String id = run + "-" + file.replace(".png", "");
        String key = "uploads/" + id + ".png";
        this.minio.putObject(PutObjectArgs.builder()
            .bucket(this.storage.bucket())
            .object(key)
            .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
            .contentType("image/png")
            .build());
        return new PredictionJob(id, "fashion", key, "image/png", Instant.now(), false);
    }

    /**
     * Publishes in one broker transaction, so all jobs reach the queue together and the predictor
     * sees full batches. Every fourth job goes without the type header, as a foreign client might
     * send it.
     */
    private void publishAllAtOnce(List<PredictionJob> jobs) throws Exception {
        DefaultMessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();
        try (Connection connection = this.connectionFactory.createConnection()) {
            Channel channel = connection.createChannel(true);
            try {
                for (int i = 0; i < jobs.size(); i++) {
                    Message message = this.converter.toMessage(jobs.get(i), new MessageProperties());
                    if (i % 4 == 3) {
                        message.getMessageProperties()
                            .getHeaders()
                            .remove(DefaultJacksonJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME);
                    }
                    channel.basicPublish(Messaging.JOB_EXCHANGE, "fashion", false,
                            properties.fromMessageProperties(message.getMessageProperties(), "UTF-8"),
                            message.getBody());
                }
                channel.txCommit();
            }
            finally {
                channel.close();
            }
        }
    }

    private Map<String, PredictionRecord> records(List<PredictionJob> jobs) {
        List<String> ids = jobs.stream().map(PredictionJob::predictionId).toList();
        return this.mongo
            .find(new Query(Criteria.where("_id").in(ids)), PredictionRecord.class, PredictionRecord.COLLECTION)
            .stream()
            .collect(Collectors.toMap(PredictionRecord::id, Function.identity()));
    }

    private Map<String, ResultEvent> resultEvents(String queue, List<PredictionJob> jobs) {
        Map<String, ResultEvent> received = new HashMap<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            // A plain get: a timed receive would consume and, on cancelling, auto-delete the queue.
            Object event = this.rabbit.receiveAndConvert(queue);
            if (event instanceof ResultEvent result) {
                received.put(result.predictionId(), result);
            }
            return jobs.stream().allMatch((job) -> received.containsKey(job.predictionId()));
        });
        return received;
    }

    private JsonNode health() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    private static Path repositoryRoot() {
        String root = System.getProperty("deep-predictor.root");
        return (root != null) ? Path.of(root) : SERVERS.repoRoot();
    }

}
