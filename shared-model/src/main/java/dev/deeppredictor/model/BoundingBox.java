package dev.deeppredictor.model;

/**
 * A detected object's box in the seed's format: centre and size, each a fraction of the image's
 * width or height (0..1).
 */
public record BoundingBox(double cx, double cy, double w, double h) {
}
