package dev.deeppredictor.e2e.fault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.deeppredictor.e2e.FashionFixtures;

/**
 * A client that behaves as the API asks clients to: it uploads each job until it is accepted,
 * retrying the very same upload (same prediction id, or same client id) after a 429, a 5xx, a
 * timeout or a refused connection, and gives up only on a definite 4xx or after five minutes.
 * Even jobs use the seed's {@code POST /upload} with an id of the client's own, odd jobs
 * {@code POST /api/v1/predictions} with a client id as idempotency key.
 */
final class Uploads implements AutoCloseable {

    private static final String KEY = "local-dev-key";

    private static final Pattern ID = Pattern.compile("\"(?:id|prediction_id)\"\\s*:\\s*\"([A-Za-z0-9]+)\"");

    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    private final String api;

    private final String prefix;

    private final Ledger ledger;

    private final List<FashionFixtures.Sample> samples = FashionFixtures.all();

    private final ScheduledExecutorService clients = Executors.newScheduledThreadPool(4, (task) -> {
        Thread thread = new Thread(task, "upload-client");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicInteger submitted = new AtomicInteger();

    private final Queue<Retry> retries = new ConcurrentLinkedQueue<>();

    /** @param prefix starts every prediction and client id of this client, [A-Za-z0-9], at most 20 characters */
    Uploads(String api, String prefix, Ledger ledger) {
        this.api = api;
        this.prefix = prefix;
        this.ledger = ledger;
    }

    /** Submits {@code count} jobs, one every {@code spacing} (zero: all at once, four at a time). */
    void submit(int count, Duration spacing) {
        for (int i = 0; i < count; i++) {
            int job = this.submitted.getAndIncrement();
            this.clients.schedule(() -> attempt(job, Instant.now()), spacing.toMillis() * i, TimeUnit.MILLISECONDS);
        }
    }

    int submitted() {
        return this.submitted.get();
    }

    /** Every failed attempt that was retried. */
    List<Retry> retries() {
        return List.copyOf(this.retries);
    }

    /** A failed attempt: the client job, why, and when. */
    record Retry(String job, String reason, Instant at) {
    }

    private void attempt(int job, Instant first) {
        String name = this.prefix + String.format("j%05d", job);
        byte[] png = this.samples.get(job % this.samples.size()).png();
        String reason;
        Duration pause = Duration.ofSeconds(1);
        try {
            HttpResponse<String> response = this.http.send(request(job, name, png), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                Matcher id = ID.matcher(response.body());
                if (!id.find()) {
                    throw new IllegalStateException("no id in " + response.body());
                }
                this.ledger.accepted(name, id.group(1));
                return;
            }
            if (status != 429 && status / 100 != 5) {
                this.ledger.refused(name, "HTTP " + status);
                return;
            }
            reason = "HTTP " + status;
            pause = response.headers().firstValueAsLong("Retry-After").stream()
                .mapToObj((seconds) -> Duration.ofSeconds(Math.min(seconds, 5)))
                .findFirst().orElse(pause);
        }
        catch (IOException ex) {
            reason = ex.getClass().getSimpleName();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        this.retries.add(new Retry(name, reason, Instant.now()));
        if (Duration.between(first, Instant.now()).compareTo(GIVE_UP_AFTER) > 0) {
            this.ledger.refused(name, "gave up after retrying for 5 min, last: " + reason);
            return;
        }
        this.clients.schedule(() -> attempt(job, first), pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    private HttpRequest request(int job, String name, byte[] png) {
        String boundary = "fault" + Long.toHexString(System.nanoTime());
        Multipart body = new Multipart(boundary);
        HttpRequest.Builder request;
        if (job % 2 == 0) {
            body.field("prediction_id", (name + "0".repeat(32)).substring(0, 32));
            body.field("model_name", "fashion");
            body.field("api_key", KEY);
            request = HttpRequest.newBuilder(URI.create(this.api + "/upload"));
        }
        else {
            body.field("model", "fashion");
            body.field("client_id", name);
            request = HttpRequest.newBuilder(URI.create(this.api + "/api/v1/predictions")).header("X-API-Key", KEY);
        }
        body.file("image", name + ".png", png);
        // Longer than a 30 s store outage: an upload that hangs through it still gets its answer.
        return request.timeout(Duration.ofSeconds(60))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.end()))
            .build();
    }

    @Override
    public void close() {
        this.clients.shutdownNow();
    }

    /** A multipart/form-data body. */
    private static final class Multipart {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private final String boundary;

        Multipart(String boundary) {
            this.boundary = boundary;
        }

        void field(String name, String value) {
            write("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                    + "\r\n");
        }

        void file(String name, String filename, byte[] content) {
            write("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + filename + "\"\r\nContent-Type: image/png\r\n\r\n");
            this.out.writeBytes(content);
            write("\r\n");
        }

        byte[] end() {
            write("--" + this.boundary + "--\r\n");
            return this.out.toByteArray();
        }

        private void write(String text) {
            this.out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }

    }

}
