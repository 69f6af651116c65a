package dev.deeppredictor.infra.tfjs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** Reads a TF.js graph model's model.json. */
public final class ModelJsonReader {

	public TfjsModel read(Path modelJson) {
		if (!Files.isRegularFile(modelJson)) {
			throw new ConversionException("model.json not found: " + modelJson);
		}
		JsonObject root;
		try (Reader reader = Files.newBufferedReader(modelJson, StandardCharsets.UTF_8)) {
			root = JsonParser.parseReader(reader).getAsJsonObject();
		}
		catch (IOException | JsonParseException | IllegalStateException ex) {
			throw new ConversionException("Cannot read " + modelJson + " as JSON: " + ex.getMessage(), ex);
		}
		if (root.has("format") && !"graph-model".equals(root.get("format").getAsString())) {
			throw new ConversionException(modelJson + " is a TF.js '" + root.get("format").getAsString()
					+ "', not a graph model; only graph models hold a GraphDef");
		}
		JsonObject topology = objectOrFail(root, "modelTopology", modelJson);
		if (!topology.has("node")) {
			throw new ConversionException(modelJson + ": modelTopology has no 'node' list; is this a Keras layers model?");
		}
		JsonElement manifest = root.get("weightsManifest");
		if (manifest == null || !manifest.isJsonArray()) {
			throw new ConversionException(modelJson + ": no weightsManifest");
		}
		List<TfjsModel.WeightGroup> groups = new ArrayList<>();
		for (JsonElement group : manifest.getAsJsonArray()) {
			groups.add(readGroup(group.getAsJsonObject(), modelJson));
		}
		String producer = String.join(" ", text(root, "generatedBy"), text(root, "convertedBy")).trim();
		Path directory = modelJson.toAbsolutePath().getParent();
		return new TfjsModel(directory, topology, List.copyOf(groups), producer.isEmpty() ? "unknown" : producer);
	}

	private static TfjsModel.WeightGroup readGroup(JsonObject group, Path modelJson) {
		List<String> paths = new ArrayList<>();
		for (JsonElement path : group.getAsJsonArray("paths")) {
			paths.add(path.getAsString());
		}
		List<TfjsModel.WeightSpec> weights = new ArrayList<>();
		for (JsonElement element : group.getAsJsonArray("weights")) {
			JsonObject weight = element.getAsJsonObject();
			String name = weight.get("name").getAsString();
			JsonArray shapeJson = weight.getAsJsonArray("shape");
			long[] shape = new long[shapeJson.size()];
			for (int i = 0; i < shape.length; i++) {
				shape[i] = shapeJson.get(i).getAsLong();
			}
			String dtype = weight.get("dtype").getAsString();
			TfjsModel.Quantization quantization = null;
			if (weight.has("quantization") && weight.get("quantization").isJsonObject()) {
				JsonObject q = weight.getAsJsonObject("quantization");
				quantization = new TfjsModel.Quantization(q.get("dtype").getAsString(),
						q.has("scale") ? q.get("scale").getAsDouble() : 1.0,
						q.has("min") ? q.get("min").getAsDouble() : 0.0);
			}
			weights.add(new TfjsModel.WeightSpec(name, shape, dtype, quantization));
		}
		if (paths.isEmpty() && !weights.isEmpty()) {
			throw new ConversionException(modelJson + ": a weights group lists weights but no shard paths");
		}
		return new TfjsModel.WeightGroup(List.copyOf(paths), List.copyOf(weights));
	}

	private static JsonObject objectOrFail(JsonObject root, String member, Path modelJson) {
		JsonElement element = root.get(member);
		if (element == null || !element.isJsonObject()) {
			throw new ConversionException(modelJson + ": no '" + member + "' object");
		}
		return element.getAsJsonObject();
	}

	private static String text(JsonObject root, String member) {
		JsonElement element = root.get(member);
		return (element != null && element.isJsonPrimitive()) ? element.getAsString() : "";
	}

}
