package dev.deeppredictor.api.error;

import dev.deeppredictor.model.StatusCode;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, with the HTTP status, a short title and a detail for the client. Where
 * the seed API has a {@code prediction_status} for the case, it is carried too.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    private final String title;

    private final StatusCode seedStatus;

    public ApiException(HttpStatus status, String title, String detail, StatusCode seedStatus) {
        super(detail);
        this.status = status;
        this.title = title;
        this.seedStatus = seedStatus;
    }

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, null);
    }

    public HttpStatus status() {
        return this.status;
    }

    public String title() {
        return this.title;
    }

    /** The seed's status code for this case, or {@code null}. */
    public StatusCode seedStatus() {
        return this.seedStatus;
    }

}
