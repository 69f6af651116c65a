package dev.deeppredictor.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of a result, shaped as in the seed's JSON: a classification carries
 * {@code class_index}, a detection carries {@code bbox}; both carry the class name and confidence.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(@JsonProperty("class_index") Integer classIndex,
        @JsonProperty("class_name") String className, double confidence, BoundingBox bbox) {

    /** A class found for the whole image. */
    public static Prediction classification(int classIndex, String className, double confidence) {
        return new Prediction(classIndex, className, confidence, null);
    }

    /** An object found at a place in the image. */
    public static Prediction detection(String className, double confidence, BoundingBox bbox) {
        return new Prediction(null, className, confidence, bbox);
    }

}
