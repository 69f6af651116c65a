package dev.deeppredictor.api.upload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

import dev.deeppredictor.api.config.ApiProperties;
import dev.deeppredictor.api.error.ApiException;
import dev.deeppredictor.model.StatusCode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks that an upload really is an image a model can be given: the format from its first bytes
 * (never the file name), then its structure (whole, nothing appended, no script in its metadata,
 * every declared size within the pixel limit) before anything is decoded, then a full decode that
 * proves the data is sound (for a PNG, its image data inflated and its rows checked:
 * {@link PngImageData}).
 */
@Component
public class ImageInspector {

    /** The decode reads every byte but keeps at most about this many pixels, whatever the image's size. */
    private static final long DECODED_PIXELS = 1_000_000;

    /**
     * JPEG and GIF decoders decode every row whatever rows are kept, so the check keeps one
     * pixel in 4x4: the data is proven as before, and copying the decoded pixels into Java's raster
     * (slow code before the JIT's second compiler, and most of the check's cost) is a sixteenth.
     * A BMP decoder skips the rows it does not keep, so BMPs keep every row.
     */
    private static final int SKIPPING_PERIOD = 4;

    private static final Set<ImageFormat> DECODE_EVERY_ROW = EnumSet.of(ImageFormat.JPEG, ImageFormat.GIF);

    private static final List<String> DECODABLE = List.of("jpeg", "png", "gif", "bmp");

    private final long maxPixels;

    private final List<String> accepted;

    ImageInspector(ApiProperties properties) {
        this.maxPixels = properties.upload().maxPixels();
        this.accepted = properties.upload().acceptedTypes().stream().map((type) -> type.toLowerCase(Locale.ROOT)).toList();
        for (String type : this.accepted) {
            if (!DECODABLE.contains(type)) {
                throw new IllegalArgumentException("deep-predictor.upload.accepted-types: '" + type
                        + "' is not one of " + DECODABLE + " (webp and heic cannot be decoded here)");
            }
        }
    }

    /** Inspects the content; throws {@link ApiException} with 415 or 413 when it cannot be used. */
    public InspectedImage inspect(byte[] content) {
        ImageFormat format = acceptedFormat(content, content.length);
        ImageStructure.check(format, content, this.maxPixels);
        return decode(format, new ByteArrayImageInputStream(content));
    }

    /**
     * The format of an image from its first bytes (never its name), when it is one this service
     * accepts; otherwise a 415 that says why.
     */
    ImageFormat acceptedFormat(byte[] content, int length) {
        ImageFormat format = ImageFormat.detect(content, length);
        if (format == null) {
            throw unsupported("The file is not a JPEG, PNG, GIF, BMP, WebP or HEIC image (judged by its content, "
                    + "not its name)");
        }
        if (!format.decodable()) {
            throw unsupported(format + " images are recognised but cannot be decoded by this service; "
                    + "send JPEG, PNG, GIF or BMP");
        }
        if (!this.accepted.contains(format.name().toLowerCase(Locale.ROOT))) {
            throw unsupported(format + " images are not accepted here; send " + String.join(", ", this.accepted));
        }
        return format;
    }

    long maxPixels() {
        return this.maxPixels;
    }

    /**
     * Decodes the image to prove its data sound, after its structure was checked (413 when the
     * decoder's own header is over the pixel limit, 415 when the data is damaged). Closes the input.
     */
    InspectedImage decode(ImageFormat format, ImageInputStream content) {
        try (ImageInputStream input = content) {
            if (format == ImageFormat.PNG) {
                PngImageData.Header png = PngImageData.verify(input);
                return sized(format, png.width(), png.height());
            }
            ImageReader reader = readerFor(input, format);
            try {
                reader.setInput(input, true, true);
                InspectedImage image = sized(format, reader.getWidth(0), reader.getHeight(0));
                decodeAll(reader, image.width(), image.height(), DECODE_EVERY_ROW.contains(format) ? SKIPPING_PERIOD : 1);
                return image;
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

    /** The image of the decoder's header, or a 413 when that header is over the pixel limit. */
    private InspectedImage sized(ImageFormat format, int width, int height) {
        if ((long) width * height > this.maxPixels) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Image too large",
                    "The image has " + width + "x" + height + " pixels, more than the limit of " + this.maxPixels
                            + " pixels",
                    StatusCode.IMAGE_NOT_SUPPORTED);
        }
        return new InspectedImage(format.extension(), format.mediaType(), width, height);
    }

    /**
     * Decodes every byte of the image but keeps only every n-th pixel, so memory stays small for a
     * large image. Decoder warnings (the JPEG decoder's "premature end of data", for one) mean the
     * picture would be partly invented, so they refuse the image like an error does.
     */
    private static void decodeAll(ImageReader reader, int width, int height, int minimumPeriod) throws IOException {
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(listener);
        ImageReadParam param = reader.getDefaultReadParam();
        int period = (int) Math.max(minimumPeriod, Math.ceil(Math.sqrt((double) width * height / DECODED_PIXELS)));
        param.setSourceSubsampling(period, period, 0, 0);
        reader.read(0, param);
        if (!warnings.isEmpty()) {
            throw new IOException(String.join("; ", warnings));
        }
    }

    private static ImageReader readerFor(ImageInputStream input, ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            throw unsupported("The " + format + " image cannot be decoded");
        }
        return readers.next();
    }

    static ApiException unsupported(String detail) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported image", detail,
                StatusCode.IMAGE_NOT_SUPPORTED);
    }

}
