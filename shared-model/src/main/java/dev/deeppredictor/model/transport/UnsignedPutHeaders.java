package dev.deeppredictor.model.transport;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The headers of an S3 PUT whose payload goes unsigned ({@code UNSIGNED-PAYLOAD}), guarded by a
 * CRC32 checksum that the store verifies. Over plain HTTP S3 would otherwise sign the payload by its
 * SHA-256, which the client and the store would each compute (slow Java code without C2's
 * intrinsic); CRC32 has one in every JIT, unlike the MinIO client's default CRC32C.
 */
public final class UnsignedPutHeaders {

    private UnsignedPutHeaders() {
    }

    /** Header names and values for a PUT of {@code content}. */
    public static Map<String, String> of(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        headers.put("x-amz-checksum-crc32",
                Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
        headers.put("x-amz-sdk-checksum-algorithm", "CRC32");
        return headers;
    }

}
