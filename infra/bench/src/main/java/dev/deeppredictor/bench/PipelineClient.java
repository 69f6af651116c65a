package dev.deeppredictor.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import dev.deeppredictor.model.Messaging;

/**
 * Talks to the pipeline as a client does: multipart uploads to {@code POST /api/v1/predictions},
 * and the end of each job seen on the result events exchange (no polling, which would load the
 * API and MongoDB with work a push client never causes). The event is published after the result
 * is in MongoDB, so when it arrives the result is readable.
 */
final class PipelineClient implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"predictionId\"\\s*:\\s*\"([^\"]+)\"");

    private static final String BOUNDARY = "bench-3f6c0b2e9d1a";

    private final URI uploads;

    private final String apiKey;

    private final HttpClient http;

    private final KeepAliveHttp uploadConnections;

    /** Each upload's request, prepared once: the same image goes to the same model many times. */
    private final Map<UploadKey, byte[]> requests = new ConcurrentHashMap<>();

    private final Connection connection;

    private final AtomicReference<LoadDriver> driver = new AtomicReference<>();

    private final AtomicLong failedResults = new AtomicLong();

    PipelineClient(String apiBase, String apiKey, ConnectionFactory rabbit) throws Exception {
        this.uploads = URI.create(apiBase + "/api/v1/predictions");
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .build();
        this.uploadConnections = new KeepAliveHttp(this.uploads);
        this.connection = rabbit.newConnection("bench-results");
        Channel channel = this.connection.createChannel();
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, Messaging.RESULT_EXCHANGE, "#");
        DeliverCallback onEvent = (tag, delivery) -> {
            long now = System.nanoTime();
            String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
            Matcher id = ID.matcher(body);
            if (!body.contains("SUCCEEDED")) {
                this.failedResults.incrementAndGet();
            }
            LoadDriver current = this.driver.get();
            if (id.find() && current != null) {
                current.finished(id.group(1), now);
            }
        };
        channel.basicConsume(queue, true, onEvent, (tag) -> {
        });
    }

    /** Results of jobs that did not succeed, since the start. */
    long failedResults() {
        return this.failedResults.get();
    }

    void follow(LoadDriver load) {
        this.driver.set(load);
    }

    /** Uploads one image and returns the prediction id once the API accepted it (202). */
    String submit(String model, byte[] image, String fileName, String contentType) throws IOException {
        byte[] request = this.requests.computeIfAbsent(new UploadKey(model, image, fileName, contentType),
                (key) -> this.uploadConnections.post(this.uploads.getRawPath(),
                        List.of("X-API-Key: " + this.apiKey, "Content-Type: multipart/form-data; boundary=" + BOUNDARY),
                        multipart(model, image, fileName, contentType)));
        KeepAliveHttp.Response response = this.uploadConnections.exchange(request);
        if (response.status() != 202) {
            throw new IOException("upload answered " + response.status() + ": " + response.body());
        }
        if (response.location() == null) {
            throw new IOException("202 without Location");
        }
        return response.location().substring(response.location().lastIndexOf('/') + 1);
    }

    /** The JSON of {@code GET /api/v1/predictions/{id}}. */
    String fetch(String id) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.uploads + "/" + id)).GET().build();
        return this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    static byte[] multipart(String model, byte[] image, String fileName, String contentType) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(image.length + 512);
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    @Override
    public void close() throws IOException {
        this.uploadConnections.close();
        this.connection.close();
    }

    /** An upload; the record's equality takes the image array by identity, as arrays are. */
    private record UploadKey(String model, byte[] image, String fileName, String contentType) {
    }

}
