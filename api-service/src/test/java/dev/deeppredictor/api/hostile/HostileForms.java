package dev.deeppredictor.api.hostile;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import dev.deeppredictor.api.TestImages;
import org.junit.jupiter.params.provider.Arguments;

import org.springframework.http.HttpStatus;
import org.springframework.http.client.MultipartBodyBuilder;

/**
 * Hostile forms around a valid image: bad ids, unknown models, missing, repeated, oversized and
 * surplus fields and parts. Each is sent to both endpoints.
 */
final class HostileForms {

    private static final byte[] PNG = TestImages.encoded("png", 24, 24);

    private HostileForms() {
    }

    /**
     * A hostile form.
     *
     * @param name what it is, for the test report
     * @param form builds the form for an endpoint and a fresh valid id
     * @param status the expected status
     * @param detail text the problem's detail must contain
     * @param seedStatus the expected prediction_status, or 0 for none
     */
    record FormCase(String name, BiFunction<Endpoint, String, MultipartBodyBuilder> form, HttpStatus status,
            String detail, int seedStatus) {

        MultipartBodyBuilder build(Endpoint endpoint, String id) {
            return this.form.apply(endpoint, id);
        }

        @Override
        public String toString() {
            return this.name;
        }

    }

    static Stream<Arguments> cases() {
        return all().stream().flatMap((c) -> Stream.of(Endpoint.values()).map((endpoint) -> Arguments.of(endpoint, c)));
    }

    static List<FormCase> all() {
        return List.of(
                withId("id too short", "abc", "must be 32 characters long, got 3"),
                withId("id too long", "A".repeat(33), "must be 32 characters long, got 33"),
                withId("id with path traversal", "../../etc/passwd" + "A".repeat(16), "character 1 is '.'"),
                withId("id with spaces", "AAAA AAAA" + "A".repeat(23), "character 5 is U+0020"),
                withId("id with NUL", "AAAA\0AAAA" + "A".repeat(23), "character 5 is U+0000"),
                withId("id with unicode", "Ä" + "A".repeat(31), "character 1 is 'Ä' (U+00C4)"),
                withId("id with emoji", "\uD83D\uDE00" + "A".repeat(31), "character 1 is '\uD83D\uDE00' (U+1F600)"),
                // Over-long fields (413, connection closed) are sent on a raw socket that reads the answer
                // while still sending: MalformedAndSlowUploadTests.
                new FormCase("unknown model", (endpoint, id) -> replaced(endpoint, id, endpoint.modelField, "../../bin/sh"),
                        HttpStatus.BAD_REQUEST, "No model named '../../bin/sh'", 0),
                new FormCase("missing image", (endpoint, id) -> endpoint.form(id, null, null), HttpStatus.BAD_REQUEST,
                        "'image' is required", 510),
                new FormCase("image sent as a text field", (endpoint, id) -> {
                    MultipartBodyBuilder form = endpoint.form(id, null, null);
                    form.part("image", "iVBORw0KGgo=");
                    return form;
                }, HttpStatus.BAD_REQUEST, "must be a file part", 510),
                new FormCase("two images", (endpoint, id) -> {
                    MultipartBodyBuilder form = endpoint.form(id, PNG, "a.png");
                    form.part("image", Endpoint.named(PNG, "b.png"));
                    return form;
                }, HttpStatus.BAD_REQUEST, "exactly one image", 0),
                new FormCase("missing api key", (endpoint, id) -> replaced(endpoint, id, "api_key", null),
                        HttpStatus.UNAUTHORIZED, "api_key", 0),
                new FormCase("repeated id field", (endpoint, id) -> {
                    MultipartBodyBuilder form = endpoint.form(id, PNG, "a.png");
                    form.part(endpoint.idField, HostileApiTest.newId());
                    return form;
                }, HttpStatus.BAD_REQUEST, "sent more than once", 0),
                new FormCase("17 fields", (endpoint, id) -> {
                    MultipartBodyBuilder form = endpoint.form(id, PNG, "a.png");
                    for (int i = 0; i < 14; i++) {
                        form.part("extra" + i, "x");
                    }
                    return form;
                }, HttpStatus.BAD_REQUEST, "at most 16 fields", 0),
                new FormCase("40 parts", (endpoint, id) -> {
                    MultipartBodyBuilder form = endpoint.form(id, PNG, "a.png");
                    for (int i = 0; i < 36; i++) {
                        form.part("file" + i, Endpoint.named(new byte[10], "f" + i + ".bin"));
                    }
                    return form;
                }, HttpStatus.BAD_REQUEST, "not a well-formed multipart/form-data body: Too many parts", 0));
    }

    private static FormCase withId(String name, String badId, String detail) {
        return new FormCase(name, (endpoint, id) -> replaced(endpoint, id, endpoint.idField, badId),
                HttpStatus.BAD_REQUEST, detail, 0);
    }

    /** The valid form with one field replaced (or left out when {@code value} is null). */
    private static MultipartBodyBuilder replaced(Endpoint endpoint, String id, String field, String value) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        String[][] fields = { { endpoint.idField, id }, { endpoint.modelField, "fashion" }, { "api_key", Endpoint.KEY } };
        for (String[] pair : fields) {
            String content = pair[0].equals(field) ? value : pair[1];
            if (content != null) {
                form.part(pair[0], content);
            }
        }
        form.part("image", Endpoint.named(PNG, "a.png"));
        return form;
    }

}
