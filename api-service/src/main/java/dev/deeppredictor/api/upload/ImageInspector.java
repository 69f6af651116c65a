package dev.deeppredictor.api.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.model.StatusCode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks that an upload really is an image a model can be given: the format from its first bytes
 * (never the file name), the size in pixels from its header before anything is decoded (against
 * decompression bombs), then a full decode that proves the data is whole.
 */
@Component
public class ImageInspector {

    private final long maxPixels;

    ImageInspector(ApiProperties properties) {
        this.maxPixels = properties.upload().maxPixels();
    }

    /** Inspects the content; throws {@link ApiException} with 415 or 413 when it cannot be used. */
    public InspectedImage inspect(byte[] content) {
        ImageFormat format = ImageFormat.detect(content);
        if (format == null) {
            throw unsupported("The file is not a JPEG, PNG, GIF, BMP, WebP or HEIC image");
        }
        if (!format.decodable()) {
            throw unsupported(format + " images are recognised but cannot be decoded by this service; "
                    + "send JPEG, PNG, GIF or BMP");
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            ImageReader reader = readerFor(input, format);
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > this.maxPixels) {
                    throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Image too large",
                            "The image has " + width + "x" + height + " pixels, more than the limit of "
                                    + this.maxPixels + " pixels",
                            StatusCode.IMAGE_NOT_SUPPORTED);
                }
                reader.read(0);
                return new InspectedImage(format.extension(), format.mediaType(), width, height);
            }
            finally {
                reader.dispose();
            }
        }
        catch (IOException | RuntimeException ex) {
            if (ex instanceof ApiException api) {
                throw api;
            }
            throw unsupported("The " + format + " image is damaged and cannot be decoded: " + ex.getMessage());
        }
    }

    private static ImageReader readerFor(ImageInputStream input, ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            throw unsupported("The " + format + " image cannot be decoded");
        }
        return readers.next();
    }

    private static ApiException unsupported(String detail) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported image", detail,
                StatusCode.IMAGE_NOT_SUPPORTED);
    }

}
