package dev.deeppredictor.infra.test;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's root folder, which holds the scripts and jars the local servers need. */
final class RepoRoot {

    /** Set by the parent pom's Surefire configuration. */
    static final String PROPERTY = "deep-predictor.root";

    private RepoRoot() {
    }

    /** The {@value #PROPERTY} system property, else the nearest folder above the working one holding infra/local. */
    static Path find() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path folder = start; folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder.resolve("infra/local"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no folder above " + start + " contains infra/local; set the system property "
                + PROPERTY + " to the repository's root");
    }

}
