package dev.deeppredictor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The seed project's numeric {@code prediction_status} codes, kept as they are so that existing
 * clients keep working.
 */
public enum StatusCode {

    /** No prediction with this id. */
    NOT_FOUND(0),
    /** Queued or running. */
    PREDICTING(100),
    /** Predicted successfully. */
    DONE(200),
    /** General prediction error. */
    GENERAL_ERROR(500),
    /** The image could not be read as an image the model accepts. */
    IMAGE_NOT_SUPPORTED(510),
    /** The prediction could not be turned into JSON. */
    NOT_SERIALISABLE(520),
    /** The image could not be saved, moved or deleted. */
    IMAGE_STORAGE_ERROR(530),
    /** The model's engine is not initialised or crashed. */
    BACKEND_CRASHED(550),
    /** The engine version is not supported. */
    ENGINE_VERSION_NOT_SUPPORTED(560),
    /** The engine is not supported. */
    BACKEND_NOT_SUPPORTED(570);

    private final int code;

    StatusCode(int code) {
        this.code = code;
    }

    @JsonValue
    public int code() {
        return this.code;
    }

    @JsonCreator
    public static StatusCode of(int code) {
        for (StatusCode status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown prediction status code " + code);
    }

}
