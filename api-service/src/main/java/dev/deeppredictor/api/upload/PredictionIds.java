package dev.deeppredictor.api.upload;

import java.security.SecureRandom;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Prediction ids: checked when the client chooses one (as the seed's clients do), generated when
 * it does not.
 */
@Component
public class PredictionIds {

    private final SecureRandom random = new SecureRandom();

    private final int length;

    private final String characters;

    PredictionIds(ApiProperties properties) {
        this.length = properties.upload().predictionIdLength();
        this.characters = properties.upload().predictionIdCharacters();
    }

    /** A new random id of the configured length and characters. */
    public String generate() {
        StringBuilder id = new StringBuilder(this.length);
        for (int i = 0; i < this.length; i++) {
            id.append(this.characters.charAt(this.random.nextInt(this.characters.length())));
        }
        return id.toString();
    }

    /** The client's id when it is well formed, else an {@link ApiException} with 400. */
    public String check(String id) {
        if (id == null || id.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Missing prediction id", "prediction_id is required");
        }
        if (id.length() != this.length) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid prediction id",
                    "prediction_id must be " + this.length + " characters long, got " + id.length());
        }
        for (int i = 0; i < id.length(); i++) {
            if (this.characters.indexOf(id.charAt(i)) < 0) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid prediction id",
                        "prediction_id may only use the characters " + this.characters);
            }
        }
        return id;
    }

}
