package dev.deeppredictor.predictor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the detection tests (faces, common objects) need that is not committed: the model artifacts, which
 * {@code infra/models/prepare.sh} fetches or converts, and public-domain photos that Debian's
 * {@code python3-skimage} package installs (prepare.sh installs it). A missing piece fails the
 * test with the command that provides it; it is never skipped.
 */
public final class FaceFixtures {

    /** Where python3-skimage puts its sample images. */
    public static final Path PHOTOS = Path.of("/usr/lib/python3/dist-packages/skimage/data");

    private static final String PREPARE = "run infra/models/prepare.sh (fetches the model, installs python3-skimage)";

    private FaceFixtures() {
    }

    /** The repository root, as Surefire passes it. */
    public static Path repositoryRoot() {
        String root = System.getProperty("deep-predictor.root");
        return Path.of(root != null ? root : "..").toAbsolutePath().normalize();
    }

    /** The config folder, once the faces artifact is known to be there. */
    public static Path preparedConfig() {
        return preparedConfig("artifacts/faces/blazeface-front-128.onnx");
    }

    /** The config folder, once the artifact (a file or a SavedModel folder) at this relative path is there. */
    public static Path preparedConfig(String relativeArtifact) {
        Path config = repositoryRoot().resolve("config");
        Path artifact = config.resolve(relativeArtifact);
        if (!Files.exists(artifact)) {
            throw new IllegalStateException("missing " + artifact + ": " + PREPARE);
        }
        return config;
    }

    /** A photo by file name: astronaut.png (one face), chelsea.png (a cat), coffee.png (a cup). */
    public static byte[] photo(String name) {
        Path file = PHOTOS.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing test photo " + file + ": " + PREPARE);
        }
        try {
            return Files.readAllBytes(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
