package dev.deeppredictor.predictor.storage;

/** The job's image is not in the object store; retrying will not bring it back. */
public class ImageMissingException extends Exception {

    public ImageMissingException(String message) {
        super(message);
    }

}
