package dev.deeppredictor.api.upload;

/**
 * An image file whose structure is broken: cut short, or not laid out as its format requires.
 */
final class DamagedImageException extends RuntimeException {

    DamagedImageException(String message) {
        super(message, null, false, false);
    }

}
