package dev.deeppredictor.api.upload;

/**
 * Walks a GIF's blocks from the header to the trailer. Besides truncation, it reports the logical
 * screen and every frame's size: some decoders allocate the whole screen, however small the frames.
 */
final class GifStructure {

    private static final int TRAILER = 0x3B;

    private static final int EXTENSION = 0x21;

    private static final int IMAGE = 0x2C;

    private GifStructure() {
    }

    /** The offset just after the trailer. */
    static int end(byte[] c, StructureVisitor visitor) {
        require(c, 13);
        visitor.dimensions("GIF logical screen", readShort(c, 6), readShort(c, 8));
        int pos = 13 + colorTableSize(c[10]);
        while (true) {
            require(c, pos + 1);
            int block = c[pos] & 0xFF;
            if (block == TRAILER) {
                return pos + 1;
            }
            if (block == EXTENSION) {
                require(c, pos + 2);
                int label = c[pos + 1] & 0xFF;
                String what = switch (label) {
                    case 0xFE -> "GIF comment";
                    case 0xFF -> "GIF application extension";
                    case 0x01 -> "GIF plain text extension";
                    default -> null;
                };
                pos = subBlocks(c, pos + 2, what, visitor);
            }
            else if (block == IMAGE) {
                require(c, pos + 10);
                visitor.dimensions("GIF frame", readShort(c, pos + 5), readShort(c, pos + 7));
                pos += 10 + colorTableSize(c[pos + 9]);
                require(c, pos + 1);
                pos = subBlocks(c, pos + 1, null, visitor); // after the LZW code size byte
            }
            else {
                throw new DamagedImageException("the GIF has an unknown block 0x" + Integer.toHexString(block)
                        + " at offset " + pos);
            }
        }
    }

    private static int subBlocks(byte[] c, int pos, String metadata, StructureVisitor visitor) {
        while (true) {
            require(c, pos + 1);
            int size = c[pos] & 0xFF;
            if (size == 0) {
                return pos + 1;
            }
            require(c, pos + 1 + size);
            if (metadata != null) {
                visitor.metadata(metadata, pos + 1, pos + 1 + size);
            }
            pos += 1 + size;
        }
    }

    private static int colorTableSize(byte packed) {
        return ((packed & 0x80) != 0) ? 3 * (1 << ((packed & 0x07) + 1)) : 0;
    }

    private static void require(byte[] c, int length) {
        if (c.length < length) {
            throw new DamagedImageException("the GIF ends before its trailer: the file is truncated");
        }
    }

    private static int readShort(byte[] c, int pos) {
        return (c[pos] & 0xFF) | ((c[pos + 1] & 0xFF) << 8);
    }

}
