package dev.deeppredictor.api.hostile;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import dev.deeppredictor.api.access.Sha256;
import dev.deeppredictor.model.PredictionRecord;
import io.minio.GetObjectArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images larger than one part (5 MB) stream to the object store while they arrive, checked on the
 * way: what is accepted is stored whole under its id, what is refused leaves nothing, not even in
 * the staging area, and the verdicts are those of a small image with the same fault.
 */
class StreamedUploadTests extends HostileApiTest {

    private static final int MB = 1024 * 1024;

    /** Noise does not compress: 1800 x 1200 RGB is about 6.5 MB of PNG. */
    private static final byte[] LARGE_PNG = encoded(noise(1800, 1200), "png");

    /** About 7 MB of JPEG. */
    private static final byte[] LARGE_JPEG = encoded(noise(4400, 3000), "jpg");

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aLargeImageIsStoredWholeUnderItsId(Endpoint endpoint) throws Exception {
        assertThat(LARGE_PNG.length).isGreaterThan(6 * MB);
        String id = newId();
        post(endpoint, endpoint.form(id, LARGE_PNG, "large.png")).expectStatus().isEqualTo(endpoint.accepted);

        assertThat(assertStored(id, "png")).isEqualTo("image/png");
        assertThat(stored("uploads/fashion/" + id + ".png")).isEqualTo(LARGE_PNG);
        PredictionRecord record = this.mongo.findById(id, PredictionRecord.class, PredictionRecord.COLLECTION).block();
        assertThat(record.imageDigest()).isEqualTo(HexFormat.of().formatHex(Sha256.of(LARGE_PNG)));
        assertNoStagingLeft();
    }

    @Test
    void aLargeImageSentBeforeItsFieldsIsStoredUnderItsId() throws Exception {
        String id = newId();
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("image", Endpoint.named(LARGE_JPEG, "first.jpg")).contentType(MediaType.APPLICATION_OCTET_STREAM);
        form.part("id", id);
        form.part("model", "fashion");
        form.part("api_key", Endpoint.KEY);
        post(Endpoint.MODERN, form).expectStatus().isAccepted();

        assertThat(assertStored(id, "jpg")).isEqualTo("image/jpeg");
        assertThat(stored("uploads/fashion/" + id + ".jpg")).isEqualTo(LARGE_JPEG);
        assertNoStagingLeft();
    }

    @Test
    void theSameLargeUploadRepeatedGetsItsPredictionAndAnotherImageUnderTheIdIsRefused() throws Exception {
        String id = newId();
        post(Endpoint.SEED, Endpoint.SEED.form(id, LARGE_PNG, "large.png")).expectStatus().isOk();
        post(Endpoint.SEED, Endpoint.SEED.form(id, LARGE_PNG, "large.png")).expectStatus().isOk()
            .expectBody().jsonPath("$.prediction_id").isEqualTo(id);
        post(Endpoint.SEED, Endpoint.SEED.form(id, LARGE_JPEG, "other.jpg")).expectStatus().isEqualTo(HttpStatus.CONFLICT);

        assertThat(stored("uploads/fashion/" + id + ".png")).isEqualTo(LARGE_PNG);
        assertThat(Leftovers.objects(this.minio, BUCKET)).noneMatch((key) -> key.equals("uploads/fashion/" + id + ".jpg"));
        assertNoStagingLeft();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aChecksumErrorPastTheFirstPartIsRefusedAndLeavesNothing(Endpoint endpoint) throws Exception {
        byte[] damaged = LARGE_PNG.clone();
        damaged[6 * MB] ^= 0x55;
        assertRefused(endpoint, damaged, "damaged.png", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "has a wrong checksum");
    }

    @Test
    void aJpegCutShortInItsDataPastTheFirstPartIsRefusedByTheDecode() throws Exception {
        byte[] cut = Arrays.copyOf(LARGE_JPEG, 6 * MB + 2);
        cut[cut.length - 2] = (byte) 0xFF;
        cut[cut.length - 1] = (byte) 0xD9;
        assertRefused(Endpoint.MODERN, cut, "cut.jpg", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "damaged and cannot be decoded");
    }

    @Test
    void anotherFileAppendedToALargeImageIsRefused() throws Exception {
        byte[] polyglot = Arrays.copyOf(LARGE_PNG, LARGE_PNG.length + MB);
        new Random(7).ints(MB).forEach((i) -> polyglot[LARGE_PNG.length + (i & (MB - 1))] = (byte) i);
        assertRefused(Endpoint.SEED, polyglot, "polyglot.png", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                MB + " bytes after its end");
    }

    @Test
    void aLargeFileThatIsNoImageIsRefusedBeforeAnythingIsStored() throws Exception {
        byte[] noise = new byte[7 * MB];
        new Random(3).nextBytes(noise);
        assertRefused(Endpoint.MODERN, noise, "noise.png", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "is not a JPEG, PNG");
    }

    @Test
    void aLargeUploadWithAWrongKeyLeavesNothing() throws Exception {
        String id = newId();
        MultipartBodyBuilder wrongKey = new MultipartBodyBuilder();
        wrongKey.part("prediction_id", id);
        wrongKey.part("model_name", "fashion");
        wrongKey.part("image", Endpoint.named(LARGE_PNG, "large.png")).contentType(MediaType.APPLICATION_OCTET_STREAM);
        wrongKey.part("api_key", "not-a-key");
        post(Endpoint.SEED, wrongKey).expectStatus().isUnauthorized();
        assertNothingLeftOf(List.of(id));
        assertNoStagingLeft();
    }

    private void assertRefused(Endpoint endpoint, byte[] image, String filename, HttpStatus status, String detail)
            throws Exception {
        String id = newId();
        post(endpoint, endpoint.form(id, image, filename)).expectStatus().isEqualTo(status)
            .expectBody().jsonPath("$.detail").value((String text) -> assertThat(text).contains(detail));
        assertNothingLeftOf(List.of(id));
        assertNoStagingLeft();
    }

    private byte[] stored(String key) throws IOException {
        try (InputStream in = this.minio.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build()).join()) {
            return in.readAllBytes();
        }
    }

    private static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(width);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = random.nextInt();
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static byte[] encoded(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

}
