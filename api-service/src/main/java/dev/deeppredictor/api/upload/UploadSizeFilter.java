package dev.deeppredictor.api.upload;

import java.nio.charset.StandardCharsets;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.model.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a multipart upload whose declared length is already over the limit, before a byte of
 * its body is read. Bodies of unknown length (chunked) are limited while they are read, by
 * {@link MultipartUploadReader}.
 */
@Component
class UploadSizeFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(UploadSizeFilter.class);

    private final long maxBodyBytes;

    UploadSizeFilter(ApiProperties properties) {
        this.maxBodyBytes = MultipartUploadReader.UploadLimits.of(properties).maxBodyBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        MediaType type = request.getHeaders().getContentType();
        if (HttpMethod.POST.equals(request.getMethod()) && declared > this.maxBodyBytes && type != null
                && "multipart".equalsIgnoreCase(type.getType())) {
            log.info("event=upload-refused reason=too-large declared_bytes={} path={}", declared, request.getPath());
            return refuse(exchange.getResponse(), declared);
        }
        return chain.filter(exchange);
    }

    private Mono<Void> refuse(ServerHttpResponse response, long declared) {
        response.setStatusCode(HttpStatus.CONTENT_TOO_LARGE);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        // The body is left unread: the connection cannot be reused for another request.
        response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        // Only numbers are interpolated, so no JSON escaping is needed.
        String json = "{\"type\":\"urn:deep-predictor:problem:upload-too-large\",\"title\":\"Upload too large\","
                + "\"status\":413,\"detail\":\"The upload declares " + declared + " bytes, more than the limit of "
                + this.maxBodyBytes + " bytes\",\"prediction_status\":" + StatusCode.IMAGE_NOT_SUPPORTED.code() + "}";
        DataBuffer body = response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }

}
