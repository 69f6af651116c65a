package dev.deeppredictor.predictor.inference;

/** An image that cannot be decoded or is too large; the job fails, the batch goes on. */
public class ImageRejectedException extends Exception {

    public ImageRejectedException(String message) {
        super(message);
    }

}
