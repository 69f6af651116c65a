package dev.deeppredictor.api.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One file of the hostile corpus (src/test/resources/hostile/cases.csv) and the answer it must get.
 *
 * @param file the file name in the corpus folder
 * @param status the HTTP status of the refusal, or 0 when the file must be accepted
 * @param seedStatus the seed's prediction_status in the problem, or 0 for none
 * @param detail text the problem's detail must contain
 */
public record CorpusCase(String file, int status, int seedStatus, String detail) {

    static final String FOLDER = "/hostile/";

    public boolean accepted() {
        return this.status == 0;
    }

    public byte[] content() {
        try (InputStream in = CorpusCase.class.getResourceAsStream(FOLDER + this.file)) {
            if (in == null) {
                throw new IllegalStateException("No corpus file " + this.file);
            }
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public String toString() {
        return this.file;
    }

    public static List<CorpusCase> all() {
        try (InputStream in = CorpusCase.class.getResourceAsStream(FOLDER + "cases.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter((line) -> !line.isBlank() && !line.startsWith("#"))
                .map(CorpusCase::parse)
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static CorpusCase parse(String line) {
        String[] columns = line.split("\\|", -1);
        boolean accepted = columns[1].equals("accepted");
        return new CorpusCase(columns[0], accepted ? 0 : Integer.parseInt(columns[1]),
                columns[2].equals("-") ? 0 : Integer.parseInt(columns[2]), columns[3].equals("-") ? "" : columns[3]);
    }

}
