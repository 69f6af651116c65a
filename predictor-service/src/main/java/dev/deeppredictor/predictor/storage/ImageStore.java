package dev.deeppredictor.predictor.storage;

import java.io.IOException;
import java.io.InputStream;

import dev.deeppredictor.predictor.InfrastructureException;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;

/**
 * Reads uploaded images from the object store, telling a missing image (the job's fault) from an
 * unreachable store (retry later).
 */
public class ImageStore {

    private final MinioClient minio;

    private final String bucket;

    ImageStore(MinioClient minio, String bucket) {
        this.minio = minio;
        this.bucket = bucket;
    }

    public byte[] fetch(String key) throws ImageMissingException, InfrastructureException {
        GetObjectArgs args = GetObjectArgs.builder().bucket(this.bucket).object(key).build();
        try (InputStream in = this.minio.getObject(args)) {
            return in.readAllBytes();
        }
        catch (ErrorResponseException ex) {
            if ("NoSuchKey".equals(ex.errorResponse().code())) {
                throw new ImageMissingException("image " + key + " is not in bucket " + this.bucket);
            }
            throw new InfrastructureException("object store refused " + key + ": " + ex.errorResponse().code(), ex);
        }
        catch (MinioException | IOException ex) {
            throw new InfrastructureException("object store unreachable reading " + key + ": " + ex.getMessage(), ex);
        }
    }

}
