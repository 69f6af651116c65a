package dev.deeppredictor.api.upload;

/**
 * An upload found to be a decodable image within the limits.
 *
 * @param extension the file extension of its real format
 * @param mediaType the media type of its real format
 * @param width width in pixels
 * @param height height in pixels
 */
public record InspectedImage(String extension, String mediaType, int width, int height) {
}
