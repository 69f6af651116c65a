package dev.deeppredictor.api.upload;

import java.io.IOException;
import java.util.zip.CRC32;

/**
 * Walks a PNG's chunks from the signature to IEND, checking each chunk's length and CRC, so a file
 * cut short or altered is known before decoding. A chunk's CRC is computed as its data streams
 * past, and its verdicts (size, metadata) wait for the CRC: a damaged chunk is reported as damaged
 * whatever it declares.
 */
final class PngStructure {

    private static final int SIGNATURE = 8;

    private static final int IHDR = 0x49484452;

    private static final int FCTL = 0x6663544C;

    private static final int IEND = 0x49454E44;

    private PngStructure() {
    }

    /** The offset just after the IEND chunk. */
    static long end(StructureInput in, StructureVisitor visitor) throws IOException {
        in.skip(SIGNATURE); // which told the format; a file this short ends before IEND below
        ChunkData data = new ChunkData();
        boolean first = true;
        while (true) {
            long offset = in.position();
            if (!in.has(12)) {
                throw new DamagedImageException("the PNG ends before its IEND chunk: the file is truncated");
            }
            long length = in.s32be() & 0xFFFFFFFFL;
            int type = in.s32be();
            if (!isLetter(type >>> 24) || !isLetter((type >>> 16) & 0xFF) || !isLetter((type >>> 8) & 0xFF)
                    || !isLetter(type & 0xFF)) {
                throw new DamagedImageException("the PNG has a broken chunk at offset " + offset);
            }
            // IHDR and fcTL sizes, read ahead (an fcTL under 12 bytes reads into its CRC, as it always did)
            boolean sized = (type == IHDR || type == FCTL) && length >= 8;
            int sizeAt = (type == FCTL) ? 4 : 0;
            long width = 0;
            long height = 0;
            if (sized && in.has(sizeAt + 8)) {
                width = in.peekS32be(sizeAt) & 0xFFFFFFFFL;
                height = in.peekS32be(sizeAt + 4) & 0xFFFFFFFFL;
            }
            // ancillary chunks (a lowercase first letter: tEXt, iTXt, zTXt, eXIf, iCCP...) are metadata
            StructureInput.Sink metadata = (!sized && Character.isLowerCase((char) (type >>> 24)))
                    ? visitor.metadata("PNG " + name(type) + " chunk") : null;
            data.start(type, metadata);
            if (!in.skip(length, data) || !in.has(4)) {
                throw new DamagedImageException("the PNG chunk " + name(type) + " at offset " + offset + " claims "
                        + length + " bytes but the file ends before: the file is truncated");
            }
            if (data.crc() != in.s32be()) {
                throw new DamagedImageException("the PNG chunk " + name(type) + " at offset " + offset
                        + " has a wrong checksum: the file is damaged");
            }
            if (first && type != IHDR) {
                throw new DamagedImageException("the PNG does not start with its IHDR chunk");
            }
            first = false;
            if (sized) {
                visitor.dimensions("PNG " + ((type == IHDR) ? "image" : "animation frame"), width, height);
            }
            else if (metadata != null) {
                visitor.metadataEnd();
            }
            if (type == IEND) {
                return in.position();
            }
        }
    }

    private static boolean isLetter(int latin1) {
        return Character.isLetter((char) latin1);
    }

    private static String name(int type) {
        return new String(new char[] { (char) (type >>> 24), (char) ((type >>> 16) & 0xFF), (char) ((type >>> 8) & 0xFF),
                (char) (type & 0xFF) });
    }

    /** A chunk's data on its way past: into the CRC (which covers the type too), and the metadata scan. */
    private static final class ChunkData implements StructureInput.Sink {

        private final CRC32 crc = new CRC32();

        private StructureInput.Sink metadata;

        void start(int type, StructureInput.Sink metadata) {
            this.metadata = metadata;
            this.crc.reset();
            this.crc.update(type >>> 24);
            this.crc.update(type >>> 16);
            this.crc.update(type >>> 8);
            this.crc.update(type);
        }

        int crc() {
            return (int) this.crc.getValue();
        }

        @Override
        public void accept(byte[] bytes, int offset, int length) {
            this.crc.update(bytes, offset, length);
            if (this.metadata != null) {
                this.metadata.accept(bytes, offset, length);
            }
        }

    }

}
