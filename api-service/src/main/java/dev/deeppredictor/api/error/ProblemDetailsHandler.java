package dev.deeppredictor.api.error;

import java.net.URI;

import dev.deeppredictor.api.messaging.JobNotPublishedException;
import dev.deeppredictor.api.messaging.QueueFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every refusal into RFC 9457 problem details. Problems that map to a seed status code
 * carry it as {@code prediction_status}, so seed clients can read them too.
 */
@RestControllerAdvice
class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handle(ApiException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
        problem.setTitle(ex.title());
        problem.setType(URI.create("urn:deep-predictor:problem:" + ex.title().toLowerCase().replace(' ', '-')));
        if (ex.seedStatus() != null) {
            problem.setProperty("prediction_status", ex.seedStatus().code());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
        if (ex.status() == HttpStatus.CONTENT_TOO_LARGE) {
            // The rest of an oversized body is unread: closing the connection stops the client sending
            // it, where keeping the connection alive would make the server read and discard all of it.
            response.header(HttpHeaders.CONNECTION, "close");
        }
        return response.body(problem);
    }

    @ExceptionHandler(QueueFullException.class)
    ResponseEntity<ProblemDetail> handle(QueueFullException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
        problem.setTitle("Queue full");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
            .body(problem);
    }

    @ExceptionHandler(JobNotPublishedException.class)
    ResponseEntity<ProblemDetail> handle(JobNotPublishedException ex) {
        log.warn("event=publish-failed reason=\"{}\"", ex.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The job queue is unavailable, nothing was accepted; retry later");
        problem.setTitle("Queue unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

}
