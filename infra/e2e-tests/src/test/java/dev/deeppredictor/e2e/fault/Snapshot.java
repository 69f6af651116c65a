package dev.deeppredictor.e2e.fault;

import java.util.Date;
import java.util.Objects;
import java.util.Set;

import org.bson.Document;

/**
 * One prediction record as read at one moment.
 *
 * @param finishedAt when a predictor wrote its result; null while it is not final
 */
record Snapshot(String id, String state, int statusCode, String worker, int attempts, String error, Date startedAt,
        Date finishedAt) {

    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "EXPIRED", "CANCELED");

    static Snapshot of(Document document) {
        Number status = document.get("statusCode", Number.class);
        Number attempts = document.get("attempts", Number.class);
        return new Snapshot(document.getString("_id"), document.getString("state"),
                (status != null) ? status.intValue() : 0, document.getString("worker"),
                (attempts != null) ? attempts.intValue() : 0, document.getString("error"), document.getDate("startedAt"),
                document.getDate("finishedAt"));
    }

    boolean isFinal() {
        return FINAL.contains(this.state);
    }

    /**
     * Whether this final record is the same result as {@code first}: a result is written once, by
     * one worker at one time (a failed image action may still turn SUCCEEDED into 530 afterwards,
     * which keeps both).
     */
    boolean sameResultAs(Snapshot first) {
        return Objects.equals(this.worker, first.worker) && Objects.equals(this.finishedAt, first.finishedAt);
    }

    /** How it ended, for the figures: SUCCEEDED, or the state, status and reason of a failure. */
    String outcome() {
        if ("SUCCEEDED".equals(this.state)) {
            return this.state;
        }
        String reason = (this.error == null) ? "" : this.error;
        return this.state + " " + this.statusCode + " " + (reason.length() > 70 ? reason.substring(0, 70) + "..." : reason);
    }

}
