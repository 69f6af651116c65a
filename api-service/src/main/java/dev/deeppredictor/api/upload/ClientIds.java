package dev.deeppredictor.api.upload;

import java.math.BigInteger;
import java.util.HexFormat;

import dev.deeppredictor.api.access.Sha256;

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
        byte[] digest = Sha256.of(caller + "\u0000" + clientId);
        // 256 bits spread over the alphabet; more digest rounds when a long id needs more entropy.
        StringBuilder id = new StringBuilder(length);
        BigInteger base = BigInteger.valueOf(characters.length());
        int round = 0;
        while (id.length() < length) {
            BigInteger value = new BigInteger(1, (round == 0) ? digest : Sha256.of(HexFormat.of().formatHex(digest) + round));
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
        return HexFormat.of().formatHex(Sha256.of(content));
    }

}
