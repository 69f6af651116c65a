package dev.deeppredictor.infra.tfjs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.DataType;

/**
 * Reads the weights of a TF.js graph model from its binary shards. Each manifest group's shards,
 * concatenated in order, hold the group's weights one after the other, little-endian; quantised weights
 * ({@code uint8}, {@code uint16}, {@code float16}) are expanded back to their dtype. The result is each
 * weight as TensorProto {@code tensor_content}: little-endian bytes of the TensorFlow dtype.
 */
public final class WeightLoader {

	private static final Logger log = LoggerFactory.getLogger(WeightLoader.class);

	/** A weight ready for a Const node. */
	public record Weight(TfjsModel.WeightSpec spec, DataType dataType, ByteString content) {
	}

	public Map<String, Weight> load(TfjsModel model) {
		Map<String, Weight> weights = new LinkedHashMap<>();
		long bytes = 0;
		for (TfjsModel.WeightGroup group : model.weightGroups()) {
			byte[] data = readShards(model.directory(), group);
			int offset = 0;
			for (TfjsModel.WeightSpec spec : group.weights()) {
				int stored = Math.toIntExact(spec.elementCount() * storedElementSize(spec));
				if (offset + stored > data.length) {
					throw new ConversionException("Weight shards " + group.paths() + " end after " + data.length
							+ " bytes, but weight '" + spec.name() + "' needs bytes " + offset + ".." + (offset + stored)
							+ "; a shard is truncated or does not belong to this model.json");
				}
				ByteBuffer slice = ByteBuffer.wrap(data, offset, stored).slice().order(ByteOrder.LITTLE_ENDIAN);
				Weight weight = new Weight(spec, dataType(spec), decode(spec, slice));
				if (weights.put(spec.name(), weight) != null) {
					throw new ConversionException("Weight '" + spec.name() + "' is listed twice in the manifest");
				}
				offset += stored;
			}
			if (offset != data.length) {
				log.warn("Weight shards {} hold {} bytes, the manifest accounts for {}", group.paths(), data.length, offset);
			}
			bytes += data.length;
		}
		log.info("Read {} weights ({} bytes) from the shards", weights.size(), bytes);
		return weights;
	}

	private static byte[] readShards(Path directory, TfjsModel.WeightGroup group) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (String name : group.paths()) {
			Path shard = directory.resolve(name).normalize();
			if (!shard.startsWith(directory)) {
				throw new ConversionException("Weight shard path '" + name + "' leaves the model directory");
			}
			if (!Files.isRegularFile(shard)) {
				throw new ConversionException("Weight shard '" + name + "' listed in model.json is missing: " + shard);
			}
			try {
				out.write(Files.readAllBytes(shard));
			}
			catch (IOException ex) {
				throw new ConversionException("Cannot read weight shard " + shard + ": " + ex.getMessage(), ex);
			}
		}
		return out.toByteArray();
	}

	static DataType dataType(TfjsModel.WeightSpec spec) {
		return switch (spec.dtype()) {
			case "float32" -> DataType.DT_FLOAT;
			case "int32" -> DataType.DT_INT32;
			case "bool" -> DataType.DT_BOOL;
			default -> throw new ConversionException("Weight '" + spec.name() + "' has dtype '" + spec.dtype()
					+ "', which this converter does not support (float32, int32, bool)");
		};
	}

	private static int storedElementSize(TfjsModel.WeightSpec spec) {
		if (spec.quantization() != null) {
			return switch (spec.quantization().dtype()) {
				case "uint8" -> 1;
				case "uint16", "float16" -> 2;
				default -> throw new ConversionException("Weight '" + spec.name() + "' is quantised as '"
						+ spec.quantization().dtype() + "', which this converter does not support (uint8, uint16, float16)");
			};
		}
		return switch (spec.dtype()) {
			case "float32", "int32" -> 4;
			case "bool" -> 1;
			default -> throw new ConversionException("Weight '" + spec.name() + "' has dtype '" + spec.dtype()
					+ "', which this converter does not support (float32, int32, bool)");
		};
	}

	private static ByteString decode(TfjsModel.WeightSpec spec, ByteBuffer stored) {
		TfjsModel.Quantization q = spec.quantization();
		if (q == null) {
			return ByteString.copyFrom(stored);
		}
		int n = Math.toIntExact(spec.elementCount());
		ByteBuffer out = ByteBuffer.allocate(n * ("bool".equals(spec.dtype()) ? 1 : 4)).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < n; i++) {
			double value = switch (q.dtype()) {
				case "uint8" -> (stored.get() & 0xFF) * q.scale() + q.min();
				case "uint16" -> (stored.getShort() & 0xFFFF) * q.scale() + q.min();
				default -> halfToFloat(stored.getShort());
			};
			switch (spec.dtype()) {
				case "float32" -> out.putFloat((float) value);
				case "int32" -> out.putInt((int) Math.round(value));
				case "bool" -> out.put((byte) (Math.round(value) != 0 ? 1 : 0));
				default -> throw new ConversionException("Weight '" + spec.name() + "' has dtype '" + spec.dtype() + "'");
			}
		}
		out.flip();
		return ByteString.copyFrom(out);
	}

	/** IEEE 754 binary16 to binary32 (Java 17 has no Float.float16ToFloat). */
	static float halfToFloat(short half) {
		int h = half & 0xFFFF;
		int sign = (h >>> 15) << 31;
		int exponent = (h >>> 10) & 0x1F;
		int mantissa = h & 0x3FF;
		if (exponent == 0x1F) {
			return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
		}
		if (exponent == 0) {
			if (mantissa == 0) {
				return Float.intBitsToFloat(sign);
			}
			float value = mantissa * 0x1p-24f;
			return sign != 0 ? -value : value;
		}
		return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
	}

}
