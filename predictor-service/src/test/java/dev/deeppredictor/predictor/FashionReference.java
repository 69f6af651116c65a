package dev.deeppredictor.predictor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Fashion-MNIST fixture images of the test-support jar with their true label and what PyTorch
 * itself predicted for them when the model was exported.
 *
 * @param file the PNG's name
 * @param label the true class index
 * @param torchClass PyTorch's top class index
 * @param torchConfidence PyTorch's softmax probability of that class
 * @param png the image
 */
record FashionReference(String file, int label, int torchClass, double torchConfidence, byte[] png) {

    private static final String FOLDER = "/fixtures/fashion/";

    static List<FashionReference> all() {
        try (InputStream csv = resource("reference.csv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            // file,label,label_name,torch_class,torch_confidence,logits
            return reader.lines().skip(1).filter((line) -> !line.isBlank()).map((line) -> line.split(",")).map(
                    (columns) -> new FashionReference(columns[0], Integer.parseInt(columns[1]),
                            Integer.parseInt(columns[3]), Double.parseDouble(columns[4]), read(columns[0])))
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] read(String name) {
        try (InputStream png = resource(name)) {
            return png.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static InputStream resource(String name) {
        InputStream stream = FashionReference.class.getResourceAsStream(FOLDER + name);
        if (stream == null) {
            throw new IllegalStateException("Missing fixture " + FOLDER + name + " (test-support jar)");
        }
        return stream;
    }

}
