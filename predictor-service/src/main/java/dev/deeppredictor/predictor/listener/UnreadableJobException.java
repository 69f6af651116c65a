package dev.deeppredictor.predictor.listener;

/** A message that is not a usable job; it goes to the dead-letter queue untouched. */
class UnreadableJobException extends Exception {

    UnreadableJobException(String message) {
        super(message);
    }

}
