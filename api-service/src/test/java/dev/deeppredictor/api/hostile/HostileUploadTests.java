package dev.deeppredictor.api.hostile;

import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.deeppredictor.api.TestImages;
import dev.deeppredictor.infra.test.TestServers;
import dev.deeppredictor.model.PredictionRecord;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile corpus (src/test/resources/hostile) and hostile forms against both upload endpoints
 * of a running API with real servers: each gets its status and a problem that says what was wrong,
 * and afterwards the service still works and nothing of a refused upload is left anywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileUploadTests extends HostileApiTest {

    private final Set<String> refusedIds = ConcurrentHashMap.newKeySet();

    private Set<String> tempFilesBefore;

    @BeforeAll
    void snapshot() {
        this.tempFilesBefore = Leftovers.uploadTempFiles();
    }

    static Stream<Arguments> corpus() {
        return CorpusCase.all().stream()
            .flatMap((c) -> Stream.of(Endpoint.values()).map((endpoint) -> Arguments.of(endpoint, c)));
    }

    @ParameterizedTest(name = "{1} to {0}")
    @MethodSource("corpus")
    @Order(1)
    void eachCorpusFileGetsItsAnswer(Endpoint endpoint, CorpusCase corpus) throws Exception {
        String id = newId();
        MultipartBodyBuilder form = endpoint.form(id, corpus.content(), corpus.file());
        if (corpus.accepted()) {
            post(endpoint, form).expectStatus().isEqualTo(endpoint.accepted);
            assertStored(id, corpus.file().substring(corpus.file().lastIndexOf('.') + 1));
        }
        else {
            this.refusedIds.add(id);
            Problems.expect(post(endpoint, form), HttpStatus.valueOf(corpus.status()), corpus.detail(),
                    corpus.seedStatus());
        }
    }

    @ParameterizedTest(name = "{1} to {0}")
    @MethodSource("dev.deeppredictor.api.hostile.HostileForms#cases")
    @Order(2)
    void eachHostileFormGetsItsAnswer(Endpoint endpoint, HostileForms.FormCase form) {
        String id = newId();
        this.refusedIds.add(id);
        Problems.expect(post(endpoint, form.build(endpoint, id)), form.status(), form.detail(), form.seedStatus());
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    @Order(3)
    void clientFileNamesNeverReachTheStorageKey(Endpoint endpoint) throws Exception {
        byte[] png = TestImages.encoded("png", 30, 30);
        for (String name : List.of("../../etc/passwd.png", "..\\..\\windows\\win.ini.png", "/etc/shadow.png",
                "%2e%2e%2fescape.png", "uploads/fashion/" + "A".repeat(32) + ".png", "evil.html")) {
            String id = newId();
            post(endpoint, endpoint.form(id, png, name)).expectStatus().isEqualTo(endpoint.accepted);
            assertStored(id, "png");
        }
        assertThat(Leftovers.objects(this.minio, BUCKET))
            .noneMatch((key) -> key.contains("..") || key.contains("passwd") || key.contains("shadow")
                    || key.contains("win.ini") || key.contains("escape") || key.contains("evil") || key.startsWith("/"));
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    @Order(3)
    void theStoredTypeComesFromTheBytesNotThePartHeader(Endpoint endpoint) throws Exception {
        String id = newId();
        MultipartBodyBuilder form = endpoint.form(id, null, null);
        form.part("image", Endpoint.named(TestImages.encoded("png", 30, 30), "page.html")).contentType(MediaType.TEXT_HTML);
        post(endpoint, form).expectStatus().isEqualTo(endpoint.accepted);
        assertThat(assertStored(id, "png")).isEqualTo("image/png");

        String html = newId();
        this.refusedIds.add(html);
        MultipartBodyBuilder lying = endpoint.form(html, null, null);
        lying.part("image", Endpoint.named("<html><script>alert(1)</script></html>".getBytes(), "photo.png"))
            .contentType(MediaType.IMAGE_PNG);
        Problems.expect(post(endpoint, lying), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not a JPEG, PNG", 510);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    @Order(3)
    void aReusedIdIsOneUploadEvenWhenTheRepeatsArriveTogetherAndAConflictForOtherImages(Endpoint endpoint)
            throws Exception {
        String id = newId();
        byte[] png = TestImages.encoded("png", 30, 30);
        // The same caller repeating the same upload (a retry) gets the one prediction, whoever wins the race.
        List<HttpStatus> statuses = Stream.of(1, 2, 3, 4).parallel()
            .map((i) -> HttpStatus.valueOf(post(endpoint, endpoint.form(id, png, "same.png")).returnResult(String.class)
                .getStatus().value()))
            .toList();
        assertThat(statuses).containsOnly(endpoint.accepted);
        Problems.expect(post(endpoint, endpoint.form(id, TestImages.encoded("png", 31, 30), "other.png")),
                HttpStatus.CONFLICT, "already exists", 0);
        assertStored(id, "png");
    }

    @Test
    @Order(100)
    void afterwardsTheServiceWorksAndNothingOfARefusalIsLeft() throws Exception {
        this.web.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.status").isEqualTo("UP");
        String id = newId();
        post(Endpoint.SEED, Endpoint.SEED.form(id, TestImages.encoded("jpg", 64, 64), "fine.jpg")).expectStatus().isOk();
        assertStored(id, "jpg");

        assertThat(this.refusedIds).hasSizeGreaterThan(60);
        assertNothingLeftOf(this.refusedIds);
        assertThat(Leftovers.uploadTempFiles()).isSubsetOf(this.tempFilesBefore);
    }

}
