package dev.deeppredictor.api.upload;

import java.io.IOException;

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
    static long end(StructureInput in, StructureVisitor visitor) throws IOException {
        in.skip(2); // SOI, which told the format; a file this short ends before EOI below
        while (true) {
            if (!in.has(1)) {
                throw new DamagedImageException("the JPEG ends before its end marker (EOI): the file is truncated");
            }
            if (in.peek() != 0xFF) {
                throw new DamagedImageException("the JPEG has a stray byte at offset " + in.position()
                        + " where a marker belongs");
            }
            while (in.has(1) && in.peek() == 0xFF) {
                in.u8(); // fill bytes before a marker
            }
            if (!in.has(1)) {
                continue;
            }
            int marker = in.u8();
            if (marker == EOI) {
                return in.position();
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // markers without a length
            }
            segment(in, marker, visitor);
            if (marker == SOS && !in.skipEntropyCodedData()) {
                throw new DamagedImageException("the JPEG ends inside its compressed image data, before its end "
                        + "marker (EOI): the file is truncated");
            }
        }
    }

    /**
     * Reads a segment after its marker. Its verdicts wait until the whole segment has arrived, so a
     * segment cut short is reported as truncated whatever it declares.
     */
    private static void segment(StructureInput in, int marker, StructureVisitor visitor) throws IOException {
        if (!in.has(2)) {
            throw new DamagedImageException("the JPEG ends inside a segment header: the file is truncated");
        }
        long offset = in.position() - 2;
        int length = in.u16be();
        if (length < 2) {
            throw truncated(marker, offset, length);
        }
        if ((marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE) {
            StructureInput.Sink metadata = visitor
                .metadata((marker == 0xFE) ? "JPEG comment" : "JPEG APP" + (marker - 0xE0) + " segment");
            if (!in.skip(length - 2, metadata)) {
                throw truncated(marker, offset, length);
            }
            visitor.metadataEnd();
        }
        else if (isStartOfFrame(marker) && length >= 7) {
            if (!in.has(5)) {
                throw truncated(marker, offset, length);
            }
            in.u8(); // sample precision
            int height = in.u16be();
            int width = in.u16be();
            if (!in.skip(length - 7)) {
                throw truncated(marker, offset, length);
            }
            visitor.dimensions("JPEG frame", width, height);
        }
        else if (!in.skip(length - 2)) {
            throw truncated(marker, offset, length);
        }
    }

    private static DamagedImageException truncated(int marker, long offset, int length) {
        return new DamagedImageException("the JPEG segment 0xFF" + Integer.toHexString(marker).toUpperCase()
                + " at offset " + offset + " claims " + length + " bytes but the file ends before: the file is truncated");
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

}
