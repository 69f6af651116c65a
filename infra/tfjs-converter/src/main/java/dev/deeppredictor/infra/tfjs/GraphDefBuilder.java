package dev.deeppredictor.infra.tfjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Turns a TF.js modelTopology into a {@link GraphDef} and fills the Const nodes with the weights.
 *
 * <p>The topology is the GraphDef's proto3 JSON form with one difference: TF.js writes {@code bytes}
 * values (string attrs such as {@code padding}, {@code data_format}, {@code frame_name}) as arrays of byte
 * numbers where proto3 JSON wants base64. Those are rewritten before {@link JsonFormat} parses the graph.
 * Enum values (dtypes) may be numbers or names; {@link JsonFormat} takes both.
 */
public final class GraphDefBuilder {

	private static final Logger log = LoggerFactory.getLogger(GraphDefBuilder.class);

	public GraphDef build(JsonObject modelTopology, Map<String, WeightLoader.Weight> weights) {
		JsonObject topology = modelTopology.deepCopy();
		for (JsonElement node : topology.getAsJsonArray("node")) {
			JsonElement attrs = node.getAsJsonObject().get("attr");
			if (attrs != null && attrs.isJsonObject()) {
				for (Map.Entry<String, JsonElement> attr : attrs.getAsJsonObject().entrySet()) {
					if (attr.getValue().isJsonObject()) {
						normaliseAttrValue(attr.getValue().getAsJsonObject());
					}
				}
			}
		}
		GraphDef.Builder graph = GraphDef.newBuilder();
		try {
			JsonFormat.parser().ignoringUnknownFields().merge(topology.toString(), graph);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new ConversionException("modelTopology is not a GraphDef in JSON form: " + ex.getMessage(), ex);
		}
		fillConstants(graph, weights);
		return graph.build();
	}

	/** Rewrites TF.js' byte-number arrays into the base64 strings proto3 JSON expects. */
	private static void normaliseAttrValue(JsonObject value) {
		JsonElement s = value.get("s");
		if (s != null && s.isJsonArray()) {
			value.add("s", new JsonPrimitive(base64(s.getAsJsonArray())));
		}
		JsonElement list = value.get("list");
		if (list != null && list.isJsonObject()) {
			rewriteBytesList(list.getAsJsonObject(), "s");
			JsonElement tensors = list.getAsJsonObject().get("tensor");
			if (tensors != null && tensors.isJsonArray()) {
				for (JsonElement tensor : tensors.getAsJsonArray()) {
					rewriteBytesList(tensor.getAsJsonObject(), "stringVal");
				}
			}
		}
		JsonElement tensor = value.get("tensor");
		if (tensor != null && tensor.isJsonObject()) {
			rewriteBytesList(tensor.getAsJsonObject(), "stringVal");
		}
	}

	/** A repeated bytes field: each element that is an array of numbers becomes base64. */
	private static void rewriteBytesList(JsonObject holder, String field) {
		JsonElement values = holder.get(field);
		if (values == null || !values.isJsonArray()) {
			return;
		}
		JsonArray rewritten = new JsonArray();
		for (JsonElement element : values.getAsJsonArray()) {
			rewritten.add(element.isJsonArray() ? new JsonPrimitive(base64(element.getAsJsonArray())) : element);
		}
		holder.add(field, rewritten);
	}

	private static String base64(JsonArray numbers) {
		byte[] bytes = new byte[numbers.size()];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) numbers.get(i).getAsInt();
		}
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static void fillConstants(GraphDef.Builder graph, Map<String, WeightLoader.Weight> weights) {
		Set<String> used = new HashSet<>();
		List<String> empty = new ArrayList<>();
		for (NodeDef.Builder node : graph.getNodeBuilderList()) {
			if (!"Const".equals(node.getOp())) {
				continue;
			}
			WeightLoader.Weight weight = weights.get(node.getName());
			if (weight == null) {
				if (!hasValue(node)) {
					empty.add(node.getName());
				}
				continue;
			}
			used.add(node.getName());
			AttrValue declared = node.getAttrMap().get("value");
			if (declared != null && declared.hasTensor()) {
				TensorProto tensor = declared.getTensor();
				if (tensor.getDtype() != weight.dataType()) {
					throw new ConversionException("Const node '" + node.getName() + "' is declared " + tensor.getDtype()
							+ " but its weight is " + weight.spec().dtype());
				}
				long[] declaredShape = tensor.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
				if (!Arrays.equals(declaredShape, weight.spec().shape())) {
					log.warn("Const node '{}' declares shape {}, its weight has {}; using the weight's", node.getName(),
							Arrays.toString(declaredShape), Arrays.toString(weight.spec().shape()));
				}
			}
			TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
			for (long dim : weight.spec().shape()) {
				shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
			}
			TensorProto value = TensorProto.newBuilder()
				.setDtype(weight.dataType())
				.setTensorShape(shape)
				.setTensorContent(weight.content())
				.build();
			node.putAttr("value", AttrValue.newBuilder().setTensor(value).build());
			node.putAttr("dtype", AttrValue.newBuilder().setType(weight.dataType()).build());
		}
		List<String> unused = weights.keySet().stream().filter(name -> !used.contains(name)).toList();
		if (!unused.isEmpty()) {
			throw new ConversionException("The manifest lists weights that match no Const node of the graph: " + unused);
		}
		if (!empty.isEmpty()) {
			throw new ConversionException("Const nodes with neither a value nor a weight in the manifest: " + empty);
		}
		log.info("Graph of {} nodes, {} Const nodes filled from the weights", graph.getNodeCount(), used.size());
	}

	/** Whether a Const node carries its value in the graph (TF.js keeps small constants there). */
	private static boolean hasValue(NodeDef.Builder node) {
		AttrValue value = node.getAttrMap().get("value");
		if (value == null || !value.hasTensor()) {
			return false;
		}
		TensorProto t = value.getTensor();
		boolean noElements = t.getTensorShape().getDimList().stream().anyMatch(d -> d.getSize() == 0);
		return noElements || !t.getTensorContent().isEmpty() || t.getFloatValCount() > 0 || t.getDoubleValCount() > 0
				|| t.getIntValCount() > 0 || t.getInt64ValCount() > 0 || t.getBoolValCount() > 0
				|| t.getStringValCount() > 0 || t.getHalfValCount() > 0 || t.getScomplexValCount() > 0
				|| t.getDcomplexValCount() > 0 || t.getUint32ValCount() > 0 || t.getUint64ValCount() > 0;
	}

}
