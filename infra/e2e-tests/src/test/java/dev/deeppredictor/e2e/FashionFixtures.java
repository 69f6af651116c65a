package dev.deeppredictor.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Held-out Fashion-MNIST test images (never seen in training) with their true labels, from the
 * test-support fixtures.
 */
public final class FashionFixtures {

    private static final String FOLDER = "/fixtures/fashion/";

    private FashionFixtures() {
    }

    public record Sample(String file, String labelName, byte[] png) {
    }

    public static List<Sample> all() {
        try (InputStream csv = resource("reference.csv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            return reader.lines().skip(1).map((line) -> line.split(",")).map((columns) -> {
                try (InputStream png = resource(columns[0])) {
                    return new Sample(columns[0], columns[2], png.readAllBytes());
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static InputStream resource(String name) {
        InputStream stream = FashionFixtures.class.getResourceAsStream(FOLDER + name);
        if (stream == null) {
            throw new IllegalStateException("Missing fixture " + FOLDER + name);
        }
        return stream;
    }

}
