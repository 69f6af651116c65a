package dev.deeppredictor.api.upload;

/**
 * What an upload asks for, whichever API it came through.
 *
 * @param predictionId the client's id, or {@code null} to have one generated
 * @param model the model name, or {@code null}/empty for the default model
 * @param image the image as received
 * @param clientId an optional client reference kept with the record
 */
public record UploadRequest(String predictionId, String model, ReceivedImage image, String clientId) {
}
