package dev.deeppredictor.api.hostile;

import dev.deeppredictor.api.TestProperties;
import java.security.SecureRandom;

import dev.deeppredictor.model.PredictionRecord;
import io.minio.MinioAsyncClient;
import io.minio.StatObjectArgs;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running API (one shared application context) against real servers, for the hostile-input tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
abstract class HostileApiTest {

    static final String BUCKET = "deep-predictor";

    private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static final SecureRandom RANDOM = new SecureRandom();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestProperties.servers(registry, "api_hostile");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    MinioAsyncClient minio;

    @Autowired
    ReactiveMongoTemplate mongo;

    @LocalServerPort
    int port;

    /** A fresh valid prediction id. */
    static String newId() {
        StringBuilder id = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            id.append(ID_CHARACTERS.charAt(RANDOM.nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }

    WebTestClient.ResponseSpec post(Endpoint endpoint, MultipartBodyBuilder form) {
        return this.web.post().uri(endpoint.path).contentType(MediaType.MULTIPART_FORM_DATA)
            .body(BodyInserters.fromMultipartData(form.build()))
            .exchange();
    }

    /** Asserts the upload's record and object exist under a key made of the model and id only; returns its type. */
    String assertStored(String id, String extension) throws Exception {
        PredictionRecord record = this.mongo.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION).block();
        assertThat(record).as("record of %s", id).isNotNull();
        String key = "uploads/fashion/" + id + "." + extension;
        assertThat(record.imageKey()).isEqualTo(key);
        return this.minio.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build()).join().contentType();
    }

    /** Asserts nothing of a refused upload exists: no record, no object. */
    void assertNothingLeftOf(Iterable<String> refusedIds) throws Exception {
        java.util.List<String> objects = Leftovers.objects(this.minio, BUCKET);
        for (String refused : refusedIds) {
            assertThat(objects).as("objects of refused upload %s", refused).noneMatch((key) -> key.contains(refused));
            assertThat(this.mongo.findById(refused, PredictionRecord.class, PredictionRecord.COLLECTION).block())
                .as("record of refused upload %s", refused).isNull();
        }
    }

    /** Asserts that no streamed image waits in the staging area, nor any part of one. */
    void assertNoStagingLeft() throws Exception {
        assertThat(Leftovers.objects(this.minio, BUCKET)).noneMatch((key) -> key.startsWith("incoming/"));
        assertThat(Leftovers.unfinishedWrites(this.minio, BUCKET)).isEmpty();
    }

}
