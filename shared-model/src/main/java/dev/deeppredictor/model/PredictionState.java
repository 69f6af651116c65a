package dev.deeppredictor.model;

/**
 * Life-cycle of a prediction as the modern API names it. Each state maps to one of the seed's
 * numeric codes through {@link StatusCode}; a failed prediction carries the precise error code.
 */
public enum PredictionState {

    /** Accepted, stored and published; waiting for a worker. */
    QUEUED,
    /** A worker has taken the job. */
    RUNNING,
    /** Predictions are available. */
    SUCCEEDED,
    /** Ended with an error; the status code says which. */
    FAILED,
    /** Withdrawn by the client before it ran. */
    CANCELED,
    /** Not run because it waited longer than its time-to-live. */
    EXPIRED;

    /** Whether the job can no longer change. */
    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

}
