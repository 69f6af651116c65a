package dev.deeppredictor.predictor.model;

/** A model that cannot be served: unsupported definition, missing artifact or engine error. */
class ModelLoadException extends Exception {

    ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

}
