package dev.deeppredictor.infra.tfjs;

/** A model that cannot be converted: a missing or short shard, an unsupported dtype, a malformed model.json. */
public class ConversionException extends RuntimeException {

	public ConversionException(String message) {
		super(message);
	}

	public ConversionException(String message, Throwable cause) {
		super(message, cause);
	}

}
