package dev.deeppredictor.api.upload;

/**
 * Walks a JPEG's segments from SOI to EOI, so a file cut short is known before decoding: the JDK's
 * decoder only warns about a missing end and fills the rest of the picture with grey.
 */
final class JpegStructure {

    private static final int SOS = 0xDA;

    private static final int EOI = 0xD9;

    private JpegStructure() {
    }

    /** The offset just after the EOI marker. */
    static int end(byte[] c, StructureVisitor visitor) {
        int pos = 2;
        while (true) {
            if (pos >= c.length) {
                throw new DamagedImageException("the JPEG ends before its end marker (EOI): the file is truncated");
            }
            if ((c[pos] & 0xFF) != 0xFF) {
                throw new DamagedImageException("the JPEG has a stray byte at offset " + pos + " where a marker belongs");
            }
            while (pos < c.length && (c[pos] & 0xFF) == 0xFF) {
                pos++; // fill bytes before a marker
            }
            if (pos >= c.length) {
                continue;
            }
            int marker = c[pos] & 0xFF;
            pos++;
            if (marker == EOI) {
                return pos;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // markers without a length
            }
            if (pos + 2 > c.length) {
                throw new DamagedImageException("the JPEG ends inside a segment header: the file is truncated");
            }
            int length = ((c[pos] & 0xFF) << 8) | (c[pos + 1] & 0xFF);
            if (length < 2 || pos + length > c.length) {
                throw new DamagedImageException("the JPEG segment 0xFF" + Integer.toHexString(marker).toUpperCase()
                        + " at offset " + (pos - 2) + " claims " + length + " bytes but the file ends before: the file is truncated");
            }
            if ((marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE) {
                visitor.metadata((marker == 0xFE) ? "JPEG comment" : "JPEG APP" + (marker - 0xE0) + " segment", pos + 2,
                        pos + length);
            }
            else if (isStartOfFrame(marker) && length >= 7) {
                int height = ((c[pos + 3] & 0xFF) << 8) | (c[pos + 4] & 0xFF);
                int width = ((c[pos + 5] & 0xFF) << 8) | (c[pos + 6] & 0xFF);
                visitor.dimensions("JPEG frame", width, height);
            }
            pos += length;
            if (marker == SOS) {
                pos = afterEntropyCodedData(c, pos);
            }
        }
    }

    /** The offset of the first real marker after a scan's compressed data. */
    private static int afterEntropyCodedData(byte[] c, int pos) {
        for (int i = pos; i + 1 < c.length; i++) {
            if ((c[i] & 0xFF) == 0xFF) {
                int next = c[i + 1] & 0xFF;
                // 0xFF00 is an escaped data byte, 0xFFD0-D7 restart markers, 0xFFFF fill: all inside the scan.
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return i;
                }
            }
        }
        throw new DamagedImageException("the JPEG ends inside its compressed image data, before its end marker (EOI): "
                + "the file is truncated");
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

}
