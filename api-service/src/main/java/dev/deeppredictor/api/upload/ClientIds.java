package dev.deeppredictor.api.upload;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency keys: a modern-API upload that carries a {@code client_id} but no id gets an id
 * derived from the caller and that key, so a retried upload lands on the same id and is answered
 * with the job it already created, without any lookup index.
 */
final class ClientIds {

    private ClientIds() {
    }

    /** The prediction id of {@code caller}'s upload keyed {@code clientId}, in the configured alphabet. */
    static String predictionId(String caller, String clientId, int length, String characters) {
        byte[] digest = sha256(caller + "\u0000" + clientId);
        // 256 bits spread over the alphabet; more digest rounds when a long id needs more entropy.
        StringBuilder id = new StringBuilder(length);
        BigInteger base = BigInteger.valueOf(characters.length());
        int round = 0;
        while (id.length() < length) {
            BigInteger value = new BigInteger(1, (round == 0) ? digest : sha256(HexFormat.of().formatHex(digest) + round));
            for (int i = 0; i < 40 && id.length() < length; i++) {
                BigInteger[] divided = value.divideAndRemainder(base);
                id.append(characters.charAt(divided[1].intValue()));
                value = divided[0];
            }
            round++;
        }
        return id.toString();
    }

    static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
        }
    }

}
