package dev.deeppredictor.api.upload;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The PNG data check accepts what Java's PNG decoder decodes and refuses what it cannot: images of
 * every colour type and depth, interlaced or not, of sizes that leave partial bytes and empty
 * interlace passes; and image data that is not zlib, ends a row early, or has a row of an unknown
 * filter type, each refused by both.
 */
class PngImageDataTests {

    @ParameterizedTest
    @CsvSource({ "5, 1, 1", "5, 7, 3", "6, 33, 17", "10, 64, 48", "11, 9, 5", "12, 3, 11", "13, 17, 2", "2, 5, 5" })
    void imagesJavasDecoderReadsAreAccepted(int type, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        for (boolean interlaced : List.of(false, true)) {
            byte[] png = encode(image, interlaced);
            assertThat(ImageIO.read(new ByteArrayInputStream(png))).as("Java's decoder").isNotNull();
            PngImageData.Header header = PngImageData.verify(new ByteArrayImageInputStream(png));
            assertThat(header.width()).isEqualTo(width);
            assertThat(header.height()).isEqualTo(height);
            assertThat(header.interlace()).isEqualTo(interlaced ? 1 : 0);
        }
    }

    @Test
    void aPngOfEveryKindWrittenByHandIsAccepted() throws IOException {
        // colour type, bit depth: gray 1/2/4/16, palette 1/2/4, gray+alpha 16, RGBA 16
        int[][] kinds = { { 0, 1 }, { 0, 2 }, { 0, 4 }, { 0, 16 }, { 3, 1 }, { 3, 2 }, { 3, 4 }, { 4, 16 }, { 6, 16 } };
        for (int[] kind : kinds) {
            for (int interlace : new int[] { 0, 1 }) {
                byte[] png = png(13, 6, kind[0], kind[1], interlace, validRows(13, 6, kind[0], kind[1], interlace));
                assertThat(ImageIO.read(new ByteArrayInputStream(png))).as("kind %s/%s", kind[0], kind[1]).isNotNull();
                assertThat(PngImageData.verify(new ByteArrayImageInputStream(png)).width()).isEqualTo(13);
            }
        }
    }

    @Test
    void imageDataThatIsNotZlibIsRefused() throws IOException {
        byte[] garbage = new byte[400];
        new Random(7).nextBytes(garbage);
        assertRefusedByBoth(pngWithData(16, 16, 2, 8, 0, garbage), "not a sound zlib stream");
    }

    @Test
    void imageDataOneRowShortIsRefused() throws IOException {
        byte[] rows = validRows(20, 10, 2, 8, 0);
        byte[] oneRowShort = Arrays.copyOf(rows, rows.length - (1 + 20 * 3));
        assertRefusedByBoth(png(20, 10, 2, 8, 0, oneRowShort), "ends before its last row");
        byte[] interlacedRows = validRows(20, 10, 2, 8, 1);
        assertRefusedByBoth(png(20, 10, 2, 8, 1, Arrays.copyOf(interlacedRows, interlacedRows.length - 1)),
                "ends before its last row");
    }

    @Test
    void aRowOfAnUnknownFilterTypeIsRefused() throws IOException {
        byte[] rows = validRows(8, 8, 0, 8, 0);
        rows[3 * (1 + 8)] = 5;
        assertRefusedByBoth(png(8, 8, 0, 8, 0, rows), "unknown filter type 5");
    }

    @Test
    void aHeaderPngDoesNotAllowIsRefused() throws IOException {
        assertThatIOException().isThrownBy(() -> PngImageData.verify(new ByteArrayImageInputStream(
                png(4, 4, 2, 4, 0, validRows(4, 4, 2, 8, 0))))).withMessageContaining("4-bit samples for colour type 2");
        assertThatIOException().isThrownBy(() -> PngImageData.verify(new ByteArrayImageInputStream(
                png(4, 4, 5, 8, 0, validRows(4, 4, 0, 8, 0))))).withMessageContaining("unknown colour type 5");
    }

    @Test
    void aPngWithoutImageDataIsRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
        chunk(out, "IHDR", ihdr(4, 4, 0, 8, 0));
        chunk(out, "IEND", new byte[0]);
        assertRefusedByBoth(out.toByteArray(), "no image data");
    }

    private static void assertRefusedByBoth(byte[] png, String reason) {
        assertThatIOException().as("Java's decoder").isThrownBy(() -> {
            if (ImageIO.read(new ByteArrayInputStream(png)) == null) {
                throw new IOException("no decoder");
            }
        });
        assertThatIOException().isThrownBy(() -> PngImageData.verify(new ByteArrayImageInputStream(png)))
            .withMessageContaining(reason);
    }

    private static byte[] encode(BufferedImage image, boolean interlaced) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(image, null, null), param);
        }
        finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Filtered rows of random samples, filter types 0-4 in turn, each pass of an interlaced image. */
    private static byte[] validRows(int width, int height, int colorType, int bitDepth, int interlace) {
        PngImageData.Header header = new PngImageData.Header(width, height, bitDepth, colorType, 0, 0, interlace);
        int[][] passes = (interlace == 0) ? new int[][] { { 0, 0, 1, 1 } }
                : new int[][] { { 0, 0, 8, 8 }, { 4, 0, 8, 8 }, { 0, 4, 4, 8 }, { 2, 0, 4, 4 }, { 0, 2, 2, 4 },
                        { 1, 0, 2, 2 }, { 0, 1, 1, 2 } };
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        Random random = new Random(width + 17L * height + colorType);
        int row = 0;
        for (int[] pass : passes) {
            int passWidth = (width - pass[0] + pass[2] - 1) / pass[2];
            int passHeight = (height - pass[1] + pass[3] - 1) / pass[3];
            if (passWidth <= 0 || passHeight <= 0) {
                continue;
            }
            for (int y = 0; y < passHeight; y++) {
                rows.write(row++ % 5);
                byte[] samples = new byte[(int) header.rowBytes(passWidth)];
                random.nextBytes(samples);
                if (colorType == 3) {
                    // palette indices within the 2-entry palette written by png()
                    Arrays.fill(samples, (byte) 0);
                }
                rows.writeBytes(samples);
            }
        }
        return rows.toByteArray();
    }

    private static byte[] png(int width, int height, int colorType, int bitDepth, int interlace, byte[] rows)
            throws IOException {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, new Deflater(6))) {
            out.write(rows);
        }
        return pngWithData(width, height, colorType, bitDepth, interlace, deflated.toByteArray());
    }

    private static byte[] pngWithData(int width, int height, int colorType, int bitDepth, int interlace, byte[] idat)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
        chunk(out, "IHDR", ihdr(width, height, colorType, bitDepth, interlace));
        if (colorType == 3) {
            chunk(out, "PLTE", new byte[] { 0, 0, 0, (byte) 255, (byte) 255, (byte) 255 });
        }
        // the data in two IDAT chunks, as encoders split it
        int half = idat.length / 2;
        chunk(out, "IDAT", Arrays.copyOfRange(idat, 0, half));
        chunk(out, "IDAT", Arrays.copyOfRange(idat, half, idat.length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] ihdr(int width, int height, int colorType, int bitDepth, int interlace) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        data.writeInt(width);
        data.writeInt(height);
        data.writeByte(bitDepth);
        data.writeByte(colorType);
        data.writeByte(0);
        data.writeByte(0);
        data.writeByte(interlace);
        return bytes.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream chunk = new DataOutputStream(out);
        chunk.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        chunk.write(name);
        chunk.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        chunk.writeInt((int) crc.getValue());
    }

}
