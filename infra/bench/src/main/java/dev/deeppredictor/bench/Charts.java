package dev.deeppredictor.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Plain PNG charts drawn with java.awt, so a report needs no plotting tool: grouped bars (one group
 * per category, one bar per series) and lines (x, y points per series).
 */
final class Charts {

    private static final int WIDTH = 900;

    private static final int HEIGHT = 480;

    private static final int LEFT = 80;

    private static final int RIGHT = 200;

    private static final int TOP = 50;

    private static final int BOTTOM = 70;

    private static final Color[] PALETTE = { new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868),
            new Color(0xC44E52), new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3) };

    private Charts() {
    }

    /** @param series values by series name, one value per category */
    static void bars(Path file, String title, String yLabel, List<String> categories, Map<String, double[]> series)
            throws IOException {
        double max = series.values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1);
        Canvas canvas = new Canvas(title, yLabel, niceMax(max));
        Graphics2D g = canvas.graphics;
        int plotWidth = WIDTH - LEFT - RIGHT;
        double groupWidth = plotWidth / (double) Math.max(1, categories.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        int s = 0;
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            g.setColor(PALETTE[s % PALETTE.length]);
            for (int c = 0; c < categories.size(); c++) {
                double value = entry.getValue()[c];
                int x = (int) (LEFT + c * groupWidth + groupWidth * 0.1 + s * barWidth);
                int y = canvas.y(value);
                g.fillRect(x, y, Math.max(1, (int) barWidth - 2), HEIGHT - BOTTOM - y);
                g.setColor(Color.DARK_GRAY);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                g.drawString(format(value), x, y - 3);
                g.setColor(PALETTE[s % PALETTE.length]);
            }
            canvas.legend(s, entry.getKey());
            s++;
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int c = 0; c < categories.size(); c++) {
            int x = (int) (LEFT + c * groupWidth + groupWidth * 0.1);
            g.drawString(categories.get(c), x, HEIGHT - BOTTOM + 18);
        }
        canvas.write(file);
    }

    /** @param series points {x, y} by series name */
    static void lines(Path file, String title, String xLabel, String yLabel, Map<String, List<double[]>> series)
            throws IOException {
        double maxY = series.values().stream().flatMap(List::stream).mapToDouble((p) -> p[1]).max().orElse(1);
        double maxX = series.values().stream().flatMap(List::stream).mapToDouble((p) -> p[0]).max().orElse(1);
        Canvas canvas = new Canvas(title, yLabel, niceMax(maxY));
        Graphics2D g = canvas.graphics;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int s = 0;
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            g.setColor(PALETTE[s % PALETTE.length]);
            g.setStroke(new BasicStroke(2));
            int[] previous = null;
            for (double[] point : entry.getValue()) {
                int[] xy = { (int) (LEFT + point[0] / Math.max(maxX, 1e-9) * plotWidth), canvas.y(point[1]) };
                if (previous != null) {
                    g.drawLine(previous[0], previous[1], xy[0], xy[1]);
                }
                previous = xy;
            }
            canvas.legend(s, entry.getKey());
            s++;
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("0", LEFT, HEIGHT - BOTTOM + 18);
        g.drawString(format(maxX), LEFT + plotWidth - 30, HEIGHT - BOTTOM + 18);
        g.drawString(xLabel, LEFT + plotWidth / 2 - 40, HEIGHT - BOTTOM + 40);
        canvas.write(file);
    }

    /** The axis top: 1, 2 or 5 times a power of ten, above the largest value. */
    static double niceMax(double max) {
        if (max <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] { 1, 2, 5, 10 }) {
            if (step * power >= max * 1.05) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        return (value >= 100 || value == Math.rint(value)) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    /** White background, title, y axis with five grid lines, legend on the right. */
    private static final class Canvas {

        private final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);

        private final Graphics2D graphics = this.image.createGraphics();

        private final double top;

        Canvas(String title, String yLabel, double top) {
            this.top = top;
            Graphics2D g = this.graphics;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i <= 5; i++) {
                double value = top * i / 5;
                int y = y(value);
                g.setColor(new Color(0xE0E0E0));
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                g.setColor(Color.BLACK);
                g.drawString(format(value), 10, y + 4);
            }
            g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
            g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
            g.drawString(yLabel, 10, TOP - 12);
        }

        int y(double value) {
            return (int) (HEIGHT - BOTTOM - Math.min(value, this.top) / this.top * (HEIGHT - TOP - BOTTOM));
        }

        void legend(int index, String name) {
            Graphics2D g = this.graphics;
            int y = TOP + 20 * index;
            g.setColor(PALETTE[index % PALETTE.length]);
            g.fillRect(WIDTH - RIGHT + 15, y, 12, 12);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(name, WIDTH - RIGHT + 32, y + 11);
        }

        void write(Path file) throws IOException {
            this.graphics.dispose();
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(this.image, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        }

    }

}
