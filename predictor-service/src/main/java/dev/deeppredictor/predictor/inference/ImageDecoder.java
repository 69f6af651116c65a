package dev.deeppredictor.predictor.inference;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes uploaded bytes with the JDK's ImageIO readers (PNG, JPEG, GIF, BMP, WBMP, TIFF). The
 * size is read from the header first, so a small file that claims a huge image is refused before
 * any pixel memory is allocated.
 */
public final class ImageDecoder {

    private final long maxPixels;

    public ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** The first image of the file. */
    public BufferedImage decode(byte[] bytes) throws ImageRejectedException {
        // A memory-cached stream: the default ImageIO stream would spill to temporary files.
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new ImageRejectedException("not an image in a supported format (" + bytes.length + " bytes)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > this.maxPixels) {
                    throw new ImageRejectedException("image of " + width + "x" + height + " pixels is larger than the "
                            + "limit of " + this.maxPixels + " pixels");
                }
                return reader.read(0);
            }
            finally {
                reader.dispose();
            }
        }
        catch (IOException | RuntimeException ex) {
            // Readers report corrupt data with all sorts of runtime exceptions, not only IOException.
            throw new ImageRejectedException("cannot decode the image: " + ex);
        }
    }

}
