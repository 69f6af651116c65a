package dev.deeppredictor.api.web;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Error pages for people: a browser that navigates to a missing page (or sends a bad request)
 * gets {@code static/error/<status>.html} instead of problem details. Every other client keeps
 * getting the problem details of the API's exception handler, to which this delegates.
 * <p>
 * Needed because an exception handler that extends {@link ResponseEntityExceptionHandler} answers
 * these framework exceptions itself, so Boot's error handler, which would pick the static page for
 * browsers, never sees them. Errors that do reach Boot's handler use the same pages.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class HtmlErrorPages {

    private static final String PAGES = "static/error/";

    private final ResponseEntityExceptionHandler problems;

    HtmlErrorPages(ResponseEntityExceptionHandler problems) {
        this.problems = problems;
    }

    @ExceptionHandler({ ResponseStatusException.class, ErrorResponseException.class })
    Mono<ResponseEntity<Object>> handle(Exception ex, ServerWebExchange exchange) {
        if (!(ex instanceof ErrorResponse error) || !isPageRequest(exchange)) {
            return this.problems.handleException(ex, exchange);
        }
        HttpStatusCode status = error.getStatusCode();
        return Mono.just(ResponseEntity.status(status)
            .headers(error.getHeaders())
            .contentType(MediaType.TEXT_HTML)
            .body(page(status)));
    }

    /** Like Boot's error handler: only an explicit text/html in Accept counts, never a wildcard. */
    static boolean isPageRequest(ServerWebExchange exchange) {
        try {
            List<MediaType> accepted = new ArrayList<>(exchange.getRequest().getHeaders().getAccept());
            accepted.removeIf(MediaType.ALL::equalsTypeAndSubtype);
            return accepted.stream().anyMatch(MediaType.TEXT_HTML::isCompatibleWith);
        }
        catch (InvalidMediaTypeException ex) {
            return false;
        }
    }

    private static Resource page(HttpStatusCode status) {
        Resource exact = new ClassPathResource(PAGES + status.value() + ".html");
        if (exact.exists()) {
            return exact;
        }
        return new ClassPathResource(PAGES + ((status.is5xxServerError()) ? "5xx.html" : "4xx.html"));
    }

}
