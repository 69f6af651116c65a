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

    /**
     * The client's id when it is well formed, else an {@link ApiException} with 400. Characters are
     * checked before the length so that "../", spaces, NUL or an emoji are named as the problem, and
     * the message never echoes the id itself (it may be long or hold control characters).
     */
    public String check(String id) {
        if (id == null || id.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Missing prediction id", "prediction_id is required");
        }
        int position = 0;
        for (int i = 0; i < id.length(); i += Character.charCount(id.codePointAt(i))) {
            int c = id.codePointAt(i);
            if (c > 0xFFFF || this.characters.indexOf(c) < 0) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid prediction id", "prediction_id may only use "
                        + "the characters " + this.characters + "; character " + (position + 1) + " is "
                        + describe(c));
            }
            position++;
        }
        if (id.length() != this.length) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid prediction id",
                    "prediction_id must be " + this.length + " characters long, got " + id.length());
        }
        return id;
    }

    private static String describe(int c) {
        String code = String.format("U+%04X", c);
        return (Character.isISOControl(c) || Character.isWhitespace(c)) ? code : "'" + Character.toString(c) + "' (" + code + ")";
    }

}
