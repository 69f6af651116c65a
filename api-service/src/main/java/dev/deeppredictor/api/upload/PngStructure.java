package dev.deeppredictor.api.upload;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Walks a PNG's chunks from the signature to IEND, checking each chunk's length and CRC, so a file
 * cut short or altered is known before decoding.
 */
final class PngStructure {

    private static final int SIGNATURE = 8;

    private PngStructure() {
    }

    /** The offset just after the IEND chunk. */
    static int end(byte[] c, StructureVisitor visitor) {
        int pos = SIGNATURE;
        boolean first = true;
        while (true) {
            if (pos + 12 > c.length) {
                throw new DamagedImageException("the PNG ends before its IEND chunk: the file is truncated");
            }
            long length = readInt(c, pos) & 0xFFFFFFFFL;
            String type = new String(c, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (!type.chars().allMatch(Character::isLetter)) {
                throw new DamagedImageException("the PNG has a broken chunk at offset " + pos);
            }
            if (pos + 12 + length > c.length) {
                throw new DamagedImageException("the PNG chunk " + type + " at offset " + pos + " claims " + length
                        + " bytes but the file ends before: the file is truncated");
            }
            int data = pos + 8;
            int dataEnd = data + (int) length;
            CRC32 crc = new CRC32();
            crc.update(c, pos + 4, 4 + (int) length);
            if ((int) crc.getValue() != readInt(c, dataEnd)) {
                throw new DamagedImageException("the PNG chunk " + type + " at offset " + pos + " has a wrong checksum: "
                        + "the file is damaged");
            }
            if (first && !type.equals("IHDR")) {
                throw new DamagedImageException("the PNG does not start with its IHDR chunk");
            }
            first = false;
            if ((type.equals("IHDR") || type.equals("fcTL")) && length >= 8) {
                int offset = type.equals("fcTL") ? 4 : 0;
                visitor.dimensions("PNG " + (type.equals("IHDR") ? "image" : "animation frame"),
                        readInt(c, data + offset) & 0xFFFFFFFFL, readInt(c, data + offset + 4) & 0xFFFFFFFFL);
            }
            else if (type.equals("tEXt") || type.equals("iTXt") || type.equals("zTXt") || Character.isLowerCase(type.charAt(0))) {
                visitor.metadata("PNG " + type + " chunk", data, dataEnd);
            }
            pos = dataEnd + 4;
            if (type.equals("IEND")) {
                return pos;
            }
        }
    }

    private static int readInt(byte[] c, int pos) {
        return ((c[pos] & 0xFF) << 24) | ((c[pos + 1] & 0xFF) << 16) | ((c[pos + 2] & 0xFF) << 8) | (c[pos + 3] & 0xFF);
    }

}
