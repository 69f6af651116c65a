package dev.deeppredictor.api.messaging;

/**
 * A job the broker did not confirm: the upload cannot be accepted.
 */
public class JobNotPublishedException extends RuntimeException {

    JobNotPublishedException(String message, Throwable cause) {
        super(message, cause);
    }

}
