package dev.deeppredictor.predictor.inference;

/** The engine failed to run a batch. */
public class InferenceException extends Exception {

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }

}
