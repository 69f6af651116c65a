package dev.deeppredictor.api.upload;

import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import dev.deeppredictor.api.TestImages;
import dev.deeppredictor.api.TestProperties;
import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.prediction.PredictionView;
import dev.deeppredictor.model.PredictionRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated prediction id that is already taken: the upload takes another id instead of being
 * refused for an id its client never chose, and gives up with a 503 when every try is taken. The
 * generator is the real one, told which ids to hand out first; everything else is the real API on
 * the test servers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GeneratedIdClashTests {

    private static final String KEY = "local-dev-key";

    /** Ids {@link #ids} hands out before random ones. */
    private static final Deque<String> NEXT = new ConcurrentLinkedDeque<>();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestProperties.servers(registry, "api_generated_ids");
        registry.add("deep-predictor.api-keys[0].name", () -> "local");
        registry.add("deep-predictor.api-keys[0].key", () -> KEY);
    }

    @TestBean
    PredictionIds ids;

    static PredictionIds ids() {
        return new PredictionIds(TestProperties.of(new ApiProperties.Upload("fashion", DataSize.ofMegabytes(16),
                DataSize.ofMegabytes(5), 40_000_000, 32,
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 5000, List.of("png")), List.of())) {
            @Override
            public String generate() {
                String next = NEXT.poll();
                return (next != null) ? next : super.generate();
            }
        };
    }

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    @BeforeEach
    void clear() {
        NEXT.clear();
    }

    @Test
    void aTakenGeneratedIdIsReplacedByAnotherAndOnlyAChosenIdKeepsADigest() {
        String taken = "T".repeat(31) + "1";
        upload(seedId(taken)).expectStatus().isOk();
        String fresh = "F".repeat(31) + "1";
        NEXT.add(taken);
        NEXT.add(fresh);

        PredictionView accepted = upload(new MultipartBodyBuilder()).expectStatus().isAccepted()
            .expectBody(PredictionView.class).returnResult().getResponseBody();

        assertThat(accepted.id()).isEqualTo(fresh);
        PredictionRecord chosen = record(taken);
        assertThat(chosen.caller()).isEqualTo("local");
        assertThat(chosen.imageDigest()).hasSize(64);
        assertThat(record(fresh).imageDigest()).isNull();
        assertThat(record(fresh).imageKey()).isEqualTo("uploads/fashion/" + fresh + ".png");
    }

    @Test
    void anUploadWhoseGeneratedIdsAreAllTakenIsRefusedWith503() {
        String taken = "T".repeat(31) + "2";
        upload(seedId(taken)).expectStatus().isOk();
        for (int i = 0; i < 5; i++) {
            NEXT.add(taken);
        }

        upload(new MultipartBodyBuilder()).expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            .expectBody().jsonPath("$.title").isEqualTo("No free prediction id");

        assertThat(NEXT).isEmpty();
        assertThat(record(taken).imageDigest()).hasSize(64);
    }

    private static MultipartBodyBuilder seedId(String id) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("prediction_id", id);
        return form;
    }

    /** Posts the form with an image added: to the seed's /upload when it names an id, else to the modern API. */
    private WebTestClient.ResponseSpec upload(MultipartBodyBuilder form) {
        boolean seed = form.build().containsKey("prediction_id");
        form.part("image", new ByteArrayResource(TestImages.encoded("png", 24, 24)) {
            @Override
            public String getFilename() {
                return "clash.png";
            }
        });
        if (seed) {
            form.part("model_name", "fashion");
            form.part("api_key", KEY);
        }
        return this.web.post().uri(seed ? "/upload" : "/api/v1/predictions").header("X-API-Key", KEY)
            .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(form.build()))
            .exchange();
    }

    private PredictionRecord record(String id) {
        return this.mongo.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION).block();
    }

}
