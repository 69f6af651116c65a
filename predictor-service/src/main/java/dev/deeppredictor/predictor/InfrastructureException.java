package dev.deeppredictor.predictor;

/**
 * A service the predictor depends on (MongoDB, the object store) failed in a way that says nothing
 * about the job itself, so the job must be retried rather than failed.
 */
public class InfrastructureException extends Exception {

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }

}
