package dev.deeppredictor.infra.tfjs;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Converts a TF.js graph model into a TensorFlow SavedModel.
 *
 * <pre>
 * java -jar tfjs-converter.jar --model-json PATH --out DIR [--input-name image] [--output NAME=NODE[:INDEX]]...
 * </pre>
 *
 * Without {@code --output}, a COCO SSD graph (nodes {@code Postprocessor/Slice} and
 * {@code Postprocessor/ExpandDims_1}) gets the outputs {@code scores} and {@code boxes}; any other graph
 * gets its leaf nodes, named after them.
 */
public final class TfjsToSavedModel {

	private static final Logger log = LoggerFactory.getLogger(TfjsToSavedModel.class);

	static final String SSD_SCORES = "Postprocessor/Slice";

	static final String SSD_BOXES = "Postprocessor/ExpandDims_1";

	private static final Set<String> OPTIONS = Set.of("--model-json", "--out", "--input-name", "--output");

	/** The conversion's inputs. */
	public record Options(Path modelJson, Path out, String inputName, Map<String, String> outputs) {
	}

	public static void main(String[] args) {
		Options options;
		try {
			options = parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("error: " + ex.getMessage());
			System.err.println("usage: java -jar tfjs-converter.jar --model-json PATH --out DIR"
					+ " [--input-name image] [--output NAME=NODE[:INDEX]]...");
			System.exit(2);
			return;
		}
		try {
			convert(options);
		}
		catch (ConversionException ex) {
			log.error("Conversion failed: {}", ex.getMessage());
			System.exit(1);
		}
	}

	public static void convert(Options options) {
		long start = System.nanoTime();
		TfjsModel model = new ModelJsonReader().read(options.modelJson());
		log.info("Read {} (producer: {}, {} nodes)", options.modelJson(), model.producer(),
				model.modelTopology().getAsJsonArray("node").size());
		Map<String, WeightLoader.Weight> weights = new WeightLoader().load(model);
		GraphDef graph = new GraphDefBuilder().build(model.modelTopology(), weights);
		Map<String, String> outputs = options.outputs().isEmpty() ? defaultOutputs(graph) : options.outputs();
		new SavedModelWriter().write(graph, options.out(), options.inputName(), outputs);
		log.info("Wrote the SavedModel {} in {} ms", options.out(), (System.nanoTime() - start) / 1_000_000);
	}

	static Map<String, String> defaultOutputs(GraphDef graph) {
		Set<String> names = new HashSet<>();
		Set<String> consumed = new HashSet<>();
		for (NodeDef node : graph.getNodeList()) {
			names.add(node.getName());
			for (String input : node.getInputList()) {
				String name = input.startsWith("^") ? input.substring(1) : input;
				int colon = name.indexOf(':');
				consumed.add(colon >= 0 ? name.substring(0, colon) : name);
			}
		}
		Map<String, String> outputs = new LinkedHashMap<>();
		if (names.contains(SSD_SCORES) && names.contains(SSD_BOXES)) {
			outputs.put("scores", SSD_SCORES);
			outputs.put("boxes", SSD_BOXES);
			return outputs;
		}
		for (NodeDef node : graph.getNodeList()) {
			if (!consumed.contains(node.getName()) && !Set.of("Const", "NoOp", "Placeholder").contains(node.getOp())) {
				outputs.put(node.getName().replaceAll("[^A-Za-z0-9_]", "_"), node.getName());
			}
		}
		return outputs;
	}

	static Options parse(String[] args) {
		Path modelJson = null;
		Path out = null;
		String inputName = "image";
		Map<String, String> outputs = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String value;
			int eq = arg.indexOf('=');
			if (eq > 0) {
				value = arg.substring(eq + 1);
				arg = arg.substring(0, eq);
			}
			else if (OPTIONS.contains(arg) && i + 1 < args.length) {
				value = args[++i];
			}
			else {
				value = null;
			}
			if (!OPTIONS.contains(arg)) {
				throw new IllegalArgumentException("unknown argument '" + arg + "'");
			}
			if (value == null) {
				throw new IllegalArgumentException(arg + " needs a value");
			}
			switch (arg) {
				case "--model-json" -> modelJson = Path.of(value);
				case "--out" -> out = Path.of(value);
				case "--input-name" -> inputName = value;
				case "--output" -> {
					int sep = value.indexOf('=');
					if (sep <= 0 || sep == value.length() - 1) {
						throw new IllegalArgumentException("--output wants NAME=NODE[:INDEX], got '" + value + "'");
					}
					outputs.put(value.substring(0, sep), value.substring(sep + 1));
				}
				default -> throw new IllegalStateException(arg);
			}
		}
		if (modelJson == null || out == null) {
			throw new IllegalArgumentException("--model-json and --out are required");
		}
		if (inputName.isBlank()) {
			throw new IllegalArgumentException("--input-name must not be blank");
		}
		return new Options(modelJson, out, inputName, outputs);
	}

}
