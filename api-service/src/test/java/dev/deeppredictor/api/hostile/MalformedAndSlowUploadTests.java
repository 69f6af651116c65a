package dev.deeppredictor.api.hostile;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads that are not even well-formed forms, and an image far over the size limit sent slowly:
 * the API answers as soon as it knows, without reading or keeping the rest.
 */
class MalformedAndSlowUploadTests extends HostileApiTest {

    private static final Logger log = LoggerFactory.getLogger(MalformedAndSlowUploadTests.class);

    private static final long MB = 1024 * 1024;

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aBodyThatIsNotMultipartIsRefusedByType(Endpoint endpoint) {
        Problems.expect(this.web.post().uri(endpoint.path).contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"image\":\"AAAA\"}").exchange(), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "application/json", 0);
        Problems.expect(this.web.post().uri(endpoint.path).contentType(MediaType.IMAGE_PNG)
            .bodyValue(new byte[] { (byte) 0x89, 'P', 'N', 'G' }).exchange(), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "image/png", 0);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aMultipartBodyWithoutBoundaryOrEndIsMalformed(Endpoint endpoint) {
        Problems.expect(this.web.post().uri(endpoint.path).header("Content-Type", "multipart/form-data")
            .bodyValue("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n").exchange(),
                HttpStatus.BAD_REQUEST, "No multipart boundary found", 0);
        Problems.expect(this.web.post().uri(endpoint.path).header("Content-Type", "multipart/form-data; boundary=x")
            .bodyValue("this body never starts a part").exchange(), HttpStatus.BAD_REQUEST, "multipart", 0);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aDeclaredOversizedBodyIsRefusedBeforeItIsSent(Endpoint endpoint) throws Exception {
        String id = newId();
        try (RawUpload upload = new RawUpload(this.port, endpoint.path, "Content-Type: multipart/form-data; boundary="
                + RawUpload.BOUNDARY + "\r\nContent-Length: " + (24 * MB) + "\r\n")) {
            RawUpload.Response response = upload.readResponse();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.sentAtAnswer()).isZero();
            assertThat(response.body()).contains("\"prediction_status\":510")
                .contains("declares " + (24 * MB) + " bytes, more than the limit");
        }
        assertNothingLeftOf(List.of(id));
    }

    /**
     * A 10 KB id passes the parser's 64 KB part limit but not the form's 4096 characters. The 413
     * closes the connection with the rest of the body unread, so a client must read the answer while
     * it sends, as this raw socket does; a client that only reads after sending may see the reset.
     */
    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anIdOfTenKilobytesIsRefusedByItsLength(Endpoint endpoint) throws Exception {
        try (RawUpload upload = new RawUpload(this.port, endpoint.path, "Content-Type: multipart/form-data; "
                + "boundary=" + RawUpload.BOUNDARY + "\r\nTransfer-Encoding: chunked\r\n")) {
            upload.sendSlowly(RawUpload.formHead(endpoint.idField, "A".repeat(10_000), endpoint.modelField, "fashion"),
                    64 * 1024, 64 * 1024, 20);
            RawUpload.Response response = upload.readResponse();
            assertThat(response.status()).as(response.head()).isEqualTo(413);
            assertThat(response.body()).contains("has 10000 characters, more than the limit of 4096");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aFieldOfOneMegabyteIsRefusedWithoutBeingKept(Endpoint endpoint) throws Exception {
        for (boolean idField : new boolean[] { true, false }) {
            String id = idField ? "A".repeat(1 << 20) : newId();
            String model = idField ? "fashion" : "m".repeat(1 << 20);
            try (RawUpload upload = new RawUpload(this.port, endpoint.path, "Content-Type: multipart/form-data; "
                    + "boundary=" + RawUpload.BOUNDARY + "\r\nTransfer-Encoding: chunked\r\n")) {
                upload.sendSlowly(RawUpload.formHead(endpoint.idField, id, endpoint.modelField, model), 64 * 1024,
                        64 * 1024, 20);
                RawUpload.Response response = upload.readResponse();
                assertThat(response.status()).as(response.head()).isEqualTo(413);
                assertThat(response.body()).contains("A form field or part header is too large")
                    .contains("\"title\":\"Part too large\"");
                assertThat(response.head().toLowerCase()).contains("content-type: application/problem+json");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anImageFarOverTheLimitSentSlowlyIsRefusedWhenTheLimitIsPassed(Endpoint endpoint) throws Exception {
        Set<String> tempFilesBefore = Leftovers.uploadTempFiles();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);
        String id = newId();
        long total = 40 * MB;
        RawUpload.Response response;
        boolean closed;
        try (RawUpload upload = new RawUpload(this.port, endpoint.path, "Content-Type: multipart/form-data; boundary="
                + RawUpload.BOUNDARY + "\r\nTransfer-Encoding: chunked\r\n")) {
            // 256 KB every 20 ms: about 12 MB/s, so the 16 MB limit is passed after more than a second.
            upload.sendSlowly(RawUpload.formHeadOfPng(endpoint.idField, id, endpoint.modelField, total), total, 256 * 1024, 20);
            response = upload.readResponse();
            closed = upload.closedByServer(10_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> upload.writeFailed() || upload.sent() >= total);
        }
        assertThat(response.status()).as(response.head()).isEqualTo(413);
        assertThat(response.body()).contains("The image is larger than the limit of " + 16 * MB + " bytes")
            .contains("\"prediction_status\":510");
        // Answered once the limit was passed, well before the whole image was sent (socket buffers hold a few MB)...
        assertThat(response.sentAtAnswer()).isBetween(16 * MB, total - 8 * MB);
        // ...and the connection is closed rather than drained: the rest is never read.
        assertThat(closed).isTrue();
        long heapAfter = usedHeapAfterGc(memory);
        log.info("event=slow-oversized-upload endpoint={} sent_at_answer={} closed={} heap_before={} heap_after={}",
                endpoint, response.sentAtAnswer(), closed, heapBefore, heapAfter);
        assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(32 * MB);
        assertNothingLeftOf(List.of(id));
        assertThat(Leftovers.uploadTempFiles()).isSubsetOf(tempFilesBefore);
    }

    @Test
    void manySlowOversizedUploadsAtOnceKeepMemoryBounded() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);
        List<RawUpload> uploads = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                RawUpload upload = new RawUpload(this.port, Endpoint.SEED.path, "Content-Type: multipart/form-data; "
                        + "boundary=" + RawUpload.BOUNDARY + "\r\nTransfer-Encoding: chunked\r\n");
                uploads.add(upload);
                upload.sendSlowly(RawUpload.formHeadOfPng("prediction_id", newId(), "model_name", 20 * MB), 20 * MB, 256 * 1024, 20);
            }
            for (RawUpload upload : uploads) {
                statuses.add(upload.readResponse().status());
            }
        }
        finally {
            for (RawUpload upload : uploads) {
                upload.close();
            }
        }
        assertThat(statuses).containsOnly(413).hasSize(4);
        // A part being written to the store when the limit was passed is let go once its write ends.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
            .untilAsserted(() -> assertThat(usedHeapAfterGc(memory) - heapBefore).as("heap growth in bytes")
                .isLessThan(32 * MB));
        this.web.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

}
