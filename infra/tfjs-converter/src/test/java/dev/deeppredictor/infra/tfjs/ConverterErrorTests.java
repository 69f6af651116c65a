package dev.deeppredictor.infra.tfjs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small hand-written TF.js models: what the converter refuses, and how it says so. */
class ConverterErrorTests {

	@TempDir
	Path dir;

	private Path model(String dtype, String quantization, String... shards) throws IOException {
		String paths = String.join(",", java.util.Arrays.stream(shards).map(s -> "\"" + s + "\"").toList());
		String json = """
				{"format": "graph-model",
				 "modelTopology": {"node": [
				   {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}}},
				   {"name": "w", "op": "Const", "attr": {"dtype": {"type": 1},
				      "value": {"tensor": {"dtype": 1, "tensorShape": {"dim": [{"size": "2"}]}}}}},
				   {"name": "y", "op": "Mul", "input": ["x", "w"], "attr": {"T": {"type": 1}}}]},
				 "weightsManifest": [{"paths": [%s],
				   "weights": [{"name": "w", "shape": [2], "dtype": "%s"%s}]}]}
				""".formatted(paths, dtype, quantization == null ? "" : ", \"quantization\": " + quantization);
		Path modelJson = dir.resolve("model.json");
		Files.writeString(modelJson, json);
		return modelJson;
	}

	@Test
	void namesAMissingShard() throws IOException {
		Path modelJson = model("float32", null, "group1-shard1of1");
		assertThatThrownBy(() -> new WeightLoader().load(new ModelJsonReader().read(modelJson)))
			.isInstanceOf(ConversionException.class)
			.hasMessageContaining("group1-shard1of1")
			.hasMessageContaining("missing");
	}

	@Test
	void refusesAShortShard() throws IOException {
		Path modelJson = model("float32", null, "shard");
		Files.write(dir.resolve("shard"), new byte[5]);
		assertThatThrownBy(() -> new WeightLoader().load(new ModelJsonReader().read(modelJson)))
			.isInstanceOf(ConversionException.class)
			.hasMessageContaining("truncated");
	}

	@Test
	void refusesAnUnsupportedDtype() throws IOException {
		Path modelJson = model("complex64", null, "shard");
		Files.write(dir.resolve("shard"), new byte[16]);
		assertThatThrownBy(() -> new WeightLoader().load(new ModelJsonReader().read(modelJson)))
			.isInstanceOf(ConversionException.class)
			.hasMessageContaining("complex64");
	}

	@Test
	void expandsUint8AndFloat16Quantisation() throws IOException {
		Path modelJson = model("float32", "{\"dtype\": \"uint8\", \"scale\": 0.5, \"min\": -1.0}", "shard");
		Files.write(dir.resolve("shard"), new byte[] { 0, (byte) 200 });
		WeightLoader.Weight weight = new WeightLoader().load(new ModelJsonReader().read(modelJson)).get("w");
		ByteBuffer floats = weight.content().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
		assertThat(floats.getFloat()).isEqualTo(-1.0f);
		assertThat(floats.getFloat()).isEqualTo(99.0f);

		Path half = model("float32", "{\"dtype\": \"float16\"}", "shard");
		Files.write(dir.resolve("shard"), new byte[] { 0x00, 0x3C, 0x00, (byte) 0xC1 }); // 1.0, -2.5
		floats = new WeightLoader().load(new ModelJsonReader().read(half)).get("w").content().asReadOnlyByteBuffer()
			.order(ByteOrder.LITTLE_ENDIAN);
		assertThat(floats.getFloat()).isEqualTo(1.0f);
		assertThat(floats.getFloat()).isEqualTo(-2.5f);
	}

	@Test
	void fillsTheConstNode() throws IOException {
		Path modelJson = model("float32", null, "shard");
		Files.write(dir.resolve("shard"), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(2f).putFloat(3f).array());
		TfjsModel model = new ModelJsonReader().read(modelJson);
		var graph = new GraphDefBuilder().build(model.modelTopology(), new WeightLoader().load(model));
		var w = graph.getNodeList().stream().filter(n -> n.getName().equals("w")).findFirst().orElseThrow();
		assertThat(w.getAttrMap().get("value").getTensor().getTensorContent().size()).isEqualTo(8);
		assertThat(TfjsToSavedModel.defaultOutputs(graph)).isEqualTo(Map.of("y", "y"));
	}

	@Test
	void parsesTheCommandLine() {
		var options = TfjsToSavedModel.parse(new String[] { "--model-json", "m.json", "--out=o", "--output", "s=n:1" });
		assertThat(options.inputName()).isEqualTo("image");
		assertThat(options.outputs()).isEqualTo(Map.of("s", "n:1"));
		assertThatThrownBy(() -> TfjsToSavedModel.parse(new String[] { "--out", "o" }))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
