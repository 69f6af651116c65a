package dev.deeppredictor.predictor.listener;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.StatusCode;
import dev.deeppredictor.model.definition.Preprocessing;
import dev.deeppredictor.predictor.InfrastructureException;
import dev.deeppredictor.predictor.inference.ImageDecoder;
import dev.deeppredictor.predictor.inference.ImagePreprocessor;
import dev.deeppredictor.predictor.inference.ImageRejectedException;
import dev.deeppredictor.predictor.storage.ImageMissingException;
import dev.deeppredictor.predictor.storage.ImageStore;

/**
 * Fetches, decodes and pre-processes the images of a batch concurrently: the fetches overlap their
 * network waits, and decoding uses the other cores while one image is still in transit.
 */
final class ImagePreparer implements AutoCloseable {

    private static final float[] NO_PIXELS = new float[0];

    private final ImageDecoder decoder;

    private final ImagePreprocessor preprocessor;

    private final ExecutorService pool;

    ImagePreparer(ImageDecoder decoder, ImagePreprocessor preprocessor, ExecutorService pool) {
        this.decoder = decoder;
        this.preprocessor = preprocessor;
        this.pool = pool;
    }

    /**
     * @param pre how to pre-process each image; {@code null} to fetch the images only (a model that
     *     does not read pixels), which gives each an empty input
     * @return one entry per job, in job order
     * @throws InfrastructureException when the object store failed for any job: the whole batch
     *     is retried, since its other images were probably hit too
     */
    List<PreparedImage> prepare(List<PredictionJob> jobs, Preprocessing pre, ImageStore store)
            throws InfrastructureException {
        if (jobs.isEmpty()) {
            return List.of();
        }
        // The calling thread prepares the first image itself while the pool prepares the others:
        // a lone job (the usual batch at light load) costs no hand-over to another thread and back.
        List<Future<PreparedImage>> futures = new ArrayList<>(jobs.size() - 1);
        for (PredictionJob job : jobs.subList(1, jobs.size())) {
            futures.add(this.pool.submit(() -> prepareOne(job, pre, store)));
        }
        List<PreparedImage> prepared = new ArrayList<>(jobs.size());
        InfrastructureException failure = null;
        try {
            prepared.add(prepareOne(jobs.get(0), pre, store));
        }
        catch (InfrastructureException | RuntimeException ex) {
            failure = asInfrastructure(ex);
        }
        for (Future<PreparedImage> future : futures) {
            try {
                prepared.add(future.get());
            }
            catch (ExecutionException ex) {
                if (failure == null) {
                    failure = asInfrastructure(ex.getCause());
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                futures.forEach((f) -> f.cancel(true));
                throw new InfrastructureException("interrupted while preparing images", ex);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return prepared;
    }

    private static InfrastructureException asInfrastructure(Throwable failure) {
        return (failure instanceof InfrastructureException infra) ? infra
                : new InfrastructureException("image preparation failed: " + failure, failure);
    }

    @Override
    public void close() {
        this.pool.shutdownNow();
    }

    private PreparedImage prepareOne(PredictionJob job, Preprocessing pre, ImageStore store)
            throws InfrastructureException {
        byte[] bytes;
        try {
            bytes = store.fetch(job.imageKey());
        }
        catch (ImageMissingException ex) {
            return PreparedImage.failed(job, StatusCode.IMAGE_STORAGE_ERROR, ex.getMessage());
        }
        if (pre == null) {
            return PreparedImage.ready(job, NO_PIXELS);
        }
        try {
            BufferedImage image = this.decoder.decode(bytes);
            return PreparedImage.ready(job, this.preprocessor.toInput(image, pre));
        }
        catch (ImageRejectedException ex) {
            return PreparedImage.failed(job, StatusCode.IMAGE_NOT_SUPPORTED, ex.getMessage());
        }
        catch (RuntimeException ex) {
            // An image kind the pre-processing does not handle: this image's problem, not the batch's.
            return PreparedImage.failed(job, StatusCode.IMAGE_NOT_SUPPORTED, "cannot pre-process the image: " + ex);
        }
    }

}
