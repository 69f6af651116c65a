package dev.deeppredictor.api.upload;

import java.io.IOException;

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
    static long end(StructureInput in, StructureVisitor visitor) throws IOException {
        require(in, 13);
        in.skip(6); // GIF87a or GIF89a
        int screenWidth = in.u16le();
        int screenHeight = in.u16le();
        int packed = in.u8();
        in.skip(2); // background colour, aspect ratio
        visitor.dimensions("GIF logical screen", screenWidth, screenHeight);
        skip(in, colorTableSize(packed));
        while (true) {
            require(in, 1);
            long offset = in.position();
            int block = in.u8();
            if (block == TRAILER) {
                return in.position();
            }
            if (block == EXTENSION) {
                require(in, 1);
                String what = switch (in.u8()) {
                    case 0xFE -> "GIF comment";
                    case 0xFF -> "GIF application extension";
                    case 0x01 -> "GIF plain text extension";
                    default -> null;
                };
                subBlocks(in, what, visitor);
            }
            else if (block == IMAGE) {
                require(in, 9);
                in.skip(4); // left, top
                int width = in.u16le();
                int height = in.u16le();
                packed = in.u8();
                visitor.dimensions("GIF frame", width, height);
                skip(in, colorTableSize(packed) + 1); // and the LZW code size byte
                subBlocks(in, null, visitor);
            }
            else {
                throw new DamagedImageException("the GIF has an unknown block 0x" + Integer.toHexString(block)
                        + " at offset " + offset);
            }
        }
    }

    /** Data sub-blocks up to the empty one; each is a metadata block of its own when {@code what} names one. */
    private static void subBlocks(StructureInput in, String what, StructureVisitor visitor) throws IOException {
        while (true) {
            require(in, 1);
            int size = in.u8();
            if (size == 0) {
                return;
            }
            if (what == null) {
                skip(in, size);
            }
            else {
                skip(in, size, visitor.metadata(what));
                visitor.metadataEnd();
            }
        }
    }

    private static int colorTableSize(int packed) {
        return ((packed & 0x80) != 0) ? 3 * (1 << ((packed & 0x07) + 1)) : 0;
    }

    private static void require(StructureInput in, int count) throws IOException {
        if (!in.has(count)) {
            throw truncated();
        }
    }

    private static void skip(StructureInput in, int count) throws IOException {
        skip(in, count, null);
    }

    private static void skip(StructureInput in, int count, StructureInput.Sink sink) throws IOException {
        if (!in.skip(count, sink)) {
            throw truncated();
        }
    }

    private static DamagedImageException truncated() {
        return new DamagedImageException("the GIF ends before its trailer: the file is truncated");
    }

}
