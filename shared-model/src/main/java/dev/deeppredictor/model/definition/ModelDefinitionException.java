package dev.deeppredictor.model.definition;

/**
 * A model file that cannot be used, with the file and the field at fault in its message.
 */
public class ModelDefinitionException extends RuntimeException {

    public ModelDefinitionException(String message) {
        super(message);
    }

    public ModelDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }

}
