package dev.deeppredictor.predictor.organize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.deeppredictor.model.ImageLabel;
import dev.deeppredictor.model.PredictionState;
import dev.deeppredictor.model.definition.ModelDefinition.ImageAction;
import dev.deeppredictor.predictor.InfrastructureException;
import dev.deeppredictor.predictor.result.JobOutcome;
import dev.deeppredictor.predictor.storage.ImageStore;
import dev.deeppredictor.predictor.storage.ObjectRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a model's image action, in two steps around the result write so that a crash at any
 * point loses nothing: {@link #file} copies each predicted image into
 * {@code <model>/<label>/<id>.<ext>} before the result is stored (the upload stays, so a
 * redelivered job still finds it), and {@link #cleanUp} deletes the upload only after the result
 * with its new location is stored. A crash in between leaves at most a second copy, never a lost
 * image.
 */
public final class ImageOrganizer {

    private static final Logger log = LoggerFactory.getLogger(ImageOrganizer.class);

    private final String model;

    private final ImageAction action;

    private final ImageStore images;

    public ImageOrganizer(String model, ImageAction action, ImageStore images) {
        this.model = model;
        this.action = action;
        this.images = images;
    }

    /**
     * Before the results are stored: {@code save} copies each predicted image into its label's
     * folder, {@code remove} marks every image as gone. An image the store refuses to copy ends
     * with status 530, its predictions kept and the image left where it was.
     * @throws InfrastructureException when the store cannot be reached: the batch is retried
     */
    public List<JobOutcome> file(List<JobOutcome> outcomes) throws InfrastructureException {
        return switch (this.action) {
            case keep -> outcomes;
            case remove -> outcomes.stream().map((outcome) -> outcome.withImageKey(null)).toList();
            case save -> {
                List<JobOutcome> filed = new ArrayList<>(outcomes.size());
                for (JobOutcome outcome : outcomes) {
                    filed.add(copyToFolder(outcome));
                }
                yield filed;
            }
        };
    }

    /**
     * After the results are stored: deletes the uploads that {@link #file} copied or marked gone.
     * @return the outcomes whose upload could not be deleted, each turned into a 530
     */
    public List<JobOutcome> cleanUp(List<JobOutcome> outcomes) {
        if (this.action == ImageAction.keep) {
            return List.of();
        }
        List<JobOutcome> failed = new ArrayList<>();
        for (JobOutcome outcome : outcomes) {
            String upload = outcome.job().imageKey();
            if (upload.equals(outcome.imageKey())) {
                continue;
            }
            try {
                this.images.delete(upload);
            }
            catch (InfrastructureException ex) {
                log.warn("event=image_action_failed prediction_id={} model={} action={} key={} error=\"{}\"",
                        outcome.job().predictionId(), this.model, this.action, upload, ex.getMessage());
                failed.add(outcome.imageActionFailed("the upload could not be deleted after the prediction: "
                        + ex.getMessage()));
            }
        }
        return failed;
    }

    private JobOutcome copyToFolder(JobOutcome outcome) throws InfrastructureException {
        if (outcome.state() != PredictionState.SUCCEEDED) {
            return outcome;
        }
        String upload = outcome.job().imageKey();
        String filed = this.model + "/" + ImageLabel.folder(outcome.label()) + "/" + outcome.job().predictionId()
                + extension(upload);
        try {
            this.images.copy(upload, filed);
            return outcome.withImageKey(filed);
        }
        catch (ObjectRefusedException ex) {
            log.warn("event=image_action_failed prediction_id={} model={} action=save key={} error=\"{}\"",
                    outcome.job().predictionId(), this.model, upload, ex.getMessage());
            return outcome.imageActionFailed("the image could not be saved to " + filed + ": " + ex.getMessage());
        }
    }

    private static String extension(String key) {
        int dot = key.lastIndexOf('.');
        int slash = key.lastIndexOf('/');
        return (dot > slash) ? key.substring(dot) : "";
    }

    /** The outcomes in {@code all} with those of {@code replaced} swapped in, by prediction id. */
    public static List<JobOutcome> merge(List<JobOutcome> all, List<JobOutcome> replaced) {
        if (replaced.isEmpty()) {
            return all;
        }
        Map<String, JobOutcome> byId = new LinkedHashMap<>();
        replaced.forEach((outcome) -> byId.put(outcome.job().predictionId(), outcome));
        return all.stream().map((outcome) -> byId.getOrDefault(outcome.job().predictionId(), outcome)).toList();
    }

}
