package dev.deeppredictor.api.access;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The configured api keys. Only their SHA-256 digests are kept (the configuration may hold just the
 * digests), and a presented key is compared
 * with every digest in constant time, so neither memory nor timing gives a key away.
 */
@Component
public class ApiKeys {

    private final List<NamedDigest> digests;

    ApiKeys(ApiProperties properties) {
        this.digests = properties.apiKeys().stream().map(ApiKeys::digest).toList();
    }

    /** The name of the key's holder, or an {@link ApiException} with 401. */
    public String require(String presented) {
        return holderOf(presented).orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "Invalid api key",
                "A valid api_key is required to upload"));
    }

    /** The name of the holder of an admin key; 401 for no valid key, 403 for a key without admin. */
    public String requireAdmin(String presented) {
        NamedDigest holder = match(presented).orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED,
                "Invalid api key", "An admin api key is required (header X-API-Key)"));
        if (!holder.admin()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Not an admin key",
                    "The key of " + holder.name() + " may upload but not use the admin API");
        }
        return holder.name();
    }

    Optional<String> holderOf(String presented) {
        return match(presented).map(NamedDigest::name);
    }

    private Optional<NamedDigest> match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = Sha256.of(presented);
        NamedDigest holder = null;
        for (NamedDigest candidate : this.digests) {
            // No early exit: the time taken does not depend on which key matched.
            if (MessageDigest.isEqual(candidate.digest(), digest)) {
                holder = candidate;
            }
        }
        return Optional.ofNullable(holder);
    }

    private static NamedDigest digest(ApiProperties.ApiKey key) {
        byte[] digest = (key.keySha256() != null && !key.keySha256().isEmpty()) ? HexFormat.of().parseHex(key.keySha256())
                : Sha256.of(key.key());
        return new NamedDigest(key.name(), digest, key.admin());
    }

    private record NamedDigest(String name, byte[] digest, boolean admin) {
    }

}
