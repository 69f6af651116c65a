package dev.deeppredictor.infra.tfjs;

import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;

/**
 * What a TF.js graph model's model.json holds.
 *
 * @param directory the directory of model.json, against which the shard paths resolve
 * @param modelTopology the GraphDef in JSON form
 * @param weightGroups the weights manifest: groups of weights, each stored in one or more shard files
 * @param producer the model.json's "generatedBy" / "convertedBy" notes, for the log only
 */
public record TfjsModel(Path directory, JsonObject modelTopology, List<WeightGroup> weightGroups, String producer) {

	/** One entry of the weights manifest: the weights stored, in this order, in the concatenation of the paths. */
	public record WeightGroup(List<String> paths, List<WeightSpec> weights) {
	}

	/**
	 * One weight.
	 * @param name the name of the Const node it fills
	 * @param shape its shape
	 * @param dtype its TF.js dtype after dequantisation (float32, int32, bool)
	 * @param quantization how it is stored, or null when stored as its dtype
	 */
	public record WeightSpec(String name, long[] shape, String dtype, Quantization quantization) {

		public long elementCount() {
			long n = 1;
			for (long d : shape) {
				n *= d;
			}
			return n;
		}

	}

	/**
	 * TF.js weight quantisation: {@code uint8} / {@code uint16} are affine (value = q * scale + min),
	 * {@code float16} is IEEE half precision.
	 */
	public record Quantization(String dtype, double scale, double min) {
	}

}
