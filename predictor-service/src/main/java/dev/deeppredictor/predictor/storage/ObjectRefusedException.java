package dev.deeppredictor.predictor.storage;

/**
 * The object store answered but refused an operation on one object (no such key, access denied):
 * that object's problem, unlike an unreachable store, which is worth a retry.
 */
public class ObjectRefusedException extends Exception {

    public ObjectRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

}
