package dev.deeppredictor.infra.tfjs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Imports a GraphDef into TensorFlow and exports it as a SavedModel (tag {@code serve}) with one
 * signature, {@code serving_default}: the graph's Placeholder as the named input, the given nodes as the
 * named outputs. The weights are Const nodes, so the SavedModel has no variables to restore.
 */
public final class SavedModelWriter {

	private static final Logger log = LoggerFactory.getLogger(SavedModelWriter.class);

	/**
	 * @param outputs signature output name to graph tensor ({@code node} or {@code node:index}), in order
	 */
	public void write(GraphDef graphDef, Path out, String inputName, Map<String, String> outputs) {
		List<NodeDef> placeholders = graphDef.getNodeList().stream().filter(n -> "Placeholder".equals(n.getOp())).toList();
		if (placeholders.size() != 1) {
			throw new ConversionException("Expected one Placeholder (the model input), found "
					+ placeholders.stream().map(NodeDef::getName).toList());
		}
		if (outputs.isEmpty()) {
			throw new ConversionException("No outputs chosen for the signature");
		}
		try (Graph graph = new Graph()) {
			try {
				graph.importGraphDef(graphDef);
			}
			catch (IllegalArgumentException ex) {
				throw new ConversionException("TensorFlow refused the graph: " + ex.getMessage(), ex);
			}
			Signature.Builder signature = Signature.builder().key(Signature.DEFAULT_KEY);
			signature.input(inputName, operation(graph, placeholders.get(0).getName()).output(0));
			for (Map.Entry<String, String> output : outputs.entrySet()) {
				String tensor = output.getValue();
				int colon = tensor.lastIndexOf(':');
				String node = colon > 0 ? tensor.substring(0, colon) : tensor;
				int index = colon > 0 ? Integer.parseInt(tensor.substring(colon + 1)) : 0;
				signature.output(output.getKey(), operation(graph, node).output(index));
			}
			Signature built = signature.build();
			log.info("Signature '{}': input {} <- {}, outputs {}", built.key(), inputName, placeholders.get(0).getName(), outputs);
			try (Session session = new Session(graph)) {
				export(SessionFunction.create(built, session), out);
			}
		}
	}

	private static GraphOperation operation(Graph graph, String name) {
		GraphOperation operation = graph.operation(name);
		if (operation == null) {
			throw new ConversionException("The graph has no node '" + name + "'");
		}
		return operation;
	}

	/** Exports next to {@code out}, then swaps the result in, so a failed run never leaves half a model. */
	private static void export(SessionFunction function, Path out) {
		Path target = out.toAbsolutePath().normalize();
		try {
			Files.createDirectories(target.getParent());
			Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
			try {
				SavedModelBundle.exporter(staging.toString()).withFunction(function).export();
				if (Files.exists(target)) {
					deleteTree(target);
				}
				Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
				if (Files.getFileStore(target).supportsFileAttributeView("posix")) {
					// createTempDirectory made it owner-only; the SavedModel is meant to be read by the services.
					Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
				}
			}
			finally {
				if (Files.exists(staging)) {
					deleteTree(staging);
				}
			}
		}
		catch (IOException ex) {
			throw new ConversionException("Cannot write the SavedModel to " + target + ": " + ex.getMessage(), ex);
		}
	}

	static void deleteTree(Path root) throws IOException {
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
