package dev.deeppredictor.infra.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end of a server's log, for error messages that explain a failed start without a search. */
final class LogTail {

    private static final int LINES = 30;

    private LogTail() {
    }

    static String of(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
        }
        catch (IOException ex) {
            return "(" + file + " cannot be read: " + ex.getMessage() + ")";
        }
    }

}
