package dev.deeppredictor.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Benchmark images. */
final class Images {

    private Images() {
    }

    /**
     * A small PNG made from a photo, for the zero-cost runs: the bare client and the no-op model
     * move the same bytes, and decoding it costs the predictor next to nothing.
     */
    static byte[] smallPng(Path photo, int size) throws IOException {
        BufferedImage source = ImageIO.read(photo.toFile());
        if (source == null) {
            throw new IOException("not an image: " + photo);
        }
        BufferedImage small = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, size, size, null);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(small, "png", png);
        return png.toByteArray();
    }

    /**
     * The photos as JPEG (quality 0.9, full size) in {@code outDir}: what cameras and phones upload,
     * and what both the bare engine and the pipeline are given.
     */
    static List<Path> asJpeg(List<Path> photos, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        for (Path photo : photos) {
            BufferedImage source = ImageIO.read(photo.toFile());
            if (source == null) {
                throw new IOException("not an image: " + photo);
            }
            BufferedImage rgb = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(source, 0, 0, null);
            g.dispose();
            String name = photo.getFileName().toString().replaceAll("\\.[^.]+$", "") + ".jpg";
            Path target = outDir.resolve(name);
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            Files.deleteIfExists(target);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(target.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(rgb, null, null), param);
            }
            finally {
                writer.dispose();
            }
            written.add(target);
        }
        return written;
    }

}
