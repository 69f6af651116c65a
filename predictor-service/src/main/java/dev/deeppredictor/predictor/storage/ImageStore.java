package dev.deeppredictor.predictor.storage;

import java.io.IOException;
import java.io.InputStream;

import dev.deeppredictor.predictor.InfrastructureException;
import io.minio.CopyObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.SourceObject;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;

/**
 * Reads uploaded images from the object store, telling a missing image (the job's fault) from an
 * unreachable store (retry later).
 */
public class ImageStore {

    private final MinioClient minio;

    private final String bucket;

    public ImageStore(MinioClient minio, String bucket) {
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

    /**
     * Copies an object inside the bucket, server side.
     * @throws ObjectRefusedException when the store refuses (e.g. the source is gone)
     * @throws InfrastructureException when the store cannot be reached: retry later
     */
    public void copy(String fromKey, String toKey) throws ObjectRefusedException, InfrastructureException {
        try {
            this.minio.copyObject(CopyObjectArgs.builder()
                .bucket(this.bucket)
                .object(toKey)
                .source(SourceObject.builder().bucket(this.bucket).object(fromKey).build())
                .build());
        }
        catch (ErrorResponseException ex) {
            throw new ObjectRefusedException("object store refused to copy " + fromKey + " to " + toKey + ": "
                    + ex.errorResponse().code(), ex);
        }
        catch (MinioException | IllegalStateException ex) {
            // The MinIO client reports a refused or broken connection as an IllegalStateException.
            throw new InfrastructureException("object store could not copy " + fromKey + " to " + toKey + ": "
                    + ex.getMessage(), ex);
        }
    }

    /** Deletes an object; deleting one that is not there is not an error. */
    public void delete(String key) throws InfrastructureException {
        try {
            this.minio.removeObject(RemoveObjectArgs.builder().bucket(this.bucket).object(key).build());
        }
        catch (MinioException | IllegalStateException ex) {
            throw new InfrastructureException("object store could not delete " + key + ": " + ex.getMessage(), ex);
        }
    }

    public String bucket() {
        return this.bucket;
    }

}
