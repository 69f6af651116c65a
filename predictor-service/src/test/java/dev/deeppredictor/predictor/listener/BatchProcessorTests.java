package dev.deeppredictor.predictor.listener;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.imageio.ImageIO;

import dev.deeppredictor.model.ModelInfo;
import dev.deeppredictor.model.Prediction;
import dev.deeppredictor.model.PredictionJob;
import dev.deeppredictor.model.PredictionState;
import dev.deeppredictor.model.StatusCode;
import dev.deeppredictor.model.definition.Batching;
import dev.deeppredictor.model.definition.ModelDefinition;
import dev.deeppredictor.model.definition.Preprocessing;
import dev.deeppredictor.predictor.InfrastructureException;
import dev.deeppredictor.predictor.config.Realm;
import dev.deeppredictor.predictor.inference.ImageDecoder;
import dev.deeppredictor.predictor.inference.ImagePreprocessor;
import dev.deeppredictor.predictor.inference.InferenceException;
import dev.deeppredictor.predictor.inference.ModelRunner;
import dev.deeppredictor.predictor.result.Claim;
import dev.deeppredictor.predictor.result.JobOutcome;
import dev.deeppredictor.predictor.result.ResultEvents;
import dev.deeppredictor.predictor.result.ResultStore;
import dev.deeppredictor.predictor.storage.ImageMissingException;
import dev.deeppredictor.predictor.storage.ImageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** How one received batch splits into skipped, failed and predicted jobs. */
class BatchProcessorTests {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private final ResultStore store = mock(ResultStore.class);

    private final ResultEvents events = mock(ResultEvents.class);

    private final ImageStore images = mock(ImageStore.class);

    private final FakeModel model = new FakeModel();

    private ExecutorService pool;

    private BatchProcessor processor;

    @BeforeEach
    void setUp() {
        this.pool = Executors.newFixedThreadPool(2);
        ImagePreparer preparer = new ImagePreparer(new ImageDecoder(1_000_000), new ImagePreprocessor(), this.pool);
        this.processor = new BatchProcessor(this.model, preparer, new Realm("production", this.store, this.images),
                this.events, "worker-1", new JobPolicy(3, Duration.ofMinutes(15)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        this.pool.shutdownNow();
    }

    @Test
    void badImagesFailAloneAndTheRestRunAsOneBatch() throws Exception {
        List<PredictionJob> jobs = List.of(job("a"), job("corrupt"), job("b"), job("missing"));
        claimAll(jobs);
        given(this.images.fetch("a.png")).willReturn(png(10));
        given(this.images.fetch("b.png")).willReturn(png(20));
        given(this.images.fetch("corrupt.png")).willReturn(new byte[] { 1, 2, 3 });
        given(this.images.fetch("missing.png")).willThrow(new ImageMissingException("gone"));

        List<JobOutcome> outcomes = this.processor.process(jobs).outcomes();

        assertThat(this.model.batches).containsExactly(2);
        assertThat(outcomes).extracting((o) -> o.job().predictionId()).containsExactly("a", "corrupt", "b", "missing");
        assertThat(outcomes).extracting(JobOutcome::status)
            .containsExactly(StatusCode.DONE, StatusCode.IMAGE_NOT_SUPPORTED, StatusCode.DONE,
                    StatusCode.IMAGE_STORAGE_ERROR);
        assertThat(outcomes.get(0).predictions()).containsExactly(Prediction.classification(0, "ten", 1.0));
        assertThat(outcomes.get(2).predictions()).containsExactly(Prediction.classification(1, "twenty", 1.0));
        assertThat(outcomes.get(0).label()).isEqualTo("ten");
        assertThat(outcomes.get(0).imageKey()).isEqualTo("a.png");
        assertThat(outcomes.get(1).label()).isNull();
        assertThat(outcomes.get(0).state()).isEqualTo(PredictionState.SUCCEEDED);
        assertThat(outcomes.get(0).modelInfo()).isEqualTo(new ModelInfo("fake-net", 7, "fake"));
        assertThat(outcomes.get(0).finishedAt()).isEqualTo(NOW);
        assertThat(outcomes.get(1).state()).isEqualTo(PredictionState.FAILED);
        assertThat(outcomes.get(1).error()).contains("not an image");
        assertThat(outcomes.get(1).predictionTime()).isNull();
        verify(this.store).complete(outcomes, "worker-1");
        verify(this.events).publish(outcomes);
    }

    @Test
    void aModelThatReadsNoPixelsGetsItsImagesFetchedButNeverDecoded() throws Exception {
        this.model.readsPixels = false;
        List<PredictionJob> jobs = List.of(job("not-an-image"), job("missing"));
        claimAll(jobs);
        given(this.images.fetch("not-an-image.png")).willReturn(new byte[] { 1, 2, 3 });
        given(this.images.fetch("missing.png")).willThrow(new ImageMissingException("gone"));

        List<JobOutcome> outcomes = this.processor.process(jobs).outcomes();

        assertThat(this.model.inputLengths).containsExactly(0);
        assertThat(outcomes).extracting(JobOutcome::status)
            .containsExactly(StatusCode.DONE, StatusCode.IMAGE_STORAGE_ERROR);
        assertThat(outcomes.get(0).label()).isEqualTo("ten");
    }

    @Test
    void jobsAlreadyFinalOrUnknownAreNotRun() throws Exception {
        List<PredictionJob> jobs = List.of(job("done"), job("a"));
        given(this.store.claim(jobs, "worker-1", NOW, 3)).willReturn(new Claim(Set.of("a"), Set.of()));
        given(this.images.fetch("a.png")).willReturn(png(10));

        List<JobOutcome> outcomes = this.processor.process(jobs).outcomes();

        assertThat(outcomes).extracting((o) -> o.job().predictionId()).containsExactly("a");
        // Its image is fetched (images come before the claim, so an outage costs no attempt) but never run.
        assertThat(this.model.batches).containsExactly(1);
    }

    @Test
    void engineFailureFailsTheImagesOfTheEngineCall() throws Exception {
        List<PredictionJob> jobs = List.of(job("a"), job("corrupt"));
        claimAll(jobs);
        given(this.images.fetch("a.png")).willReturn(png(10));
        given(this.images.fetch("corrupt.png")).willReturn(new byte[0]);
        this.model.failure = new InferenceException("native crash", null);

        List<JobOutcome> outcomes = this.processor.process(jobs).outcomes();

        assertThat(outcomes).extracting(JobOutcome::status)
            .containsExactly(StatusCode.BACKEND_CRASHED, StatusCode.IMAGE_NOT_SUPPORTED);
        assertThat(outcomes.get(0).error()).contains("native crash");
    }

    @Test
    void unreachableStorageRetriesTheWholeBatch() throws Exception {
        List<PredictionJob> jobs = List.of(job("a"), job("b"));
        claimAll(jobs);
        given(this.images.fetch("a.png")).willReturn(png(10));
        given(this.images.fetch("b.png")).willThrow(new InfrastructureException("connection refused", null));

        assertThatExceptionOfType(InfrastructureException.class).isThrownBy(() -> this.processor.process(jobs))
            .withMessageContaining("connection refused");
        assertThat(this.model.batches).isEmpty();
        verify(this.store, never()).complete(anyList(), any());
    }

    @Test
    void unreachableMongoRetriesTheWholeBatch() throws Exception {
        List<PredictionJob> jobs = List.of(job("a"));
        claimAll(jobs);
        given(this.images.fetch("a.png")).willReturn(png(10));
        willThrow(new InfrastructureException("timeout", null)).given(this.store).complete(anyList(), eq("worker-1"));

        assertThatExceptionOfType(InfrastructureException.class).isThrownBy(() -> this.processor.process(jobs));
        verify(this.events, never()).publish(anyList());
    }

    @Test
    void jobsStartedTooOftenFailWith550AndGoToTheDeadLetters() throws Exception {
        List<PredictionJob> jobs = List.of(job("poison"), job("a"));
        given(this.store.claim(jobs, "worker-1", NOW, 3)).willReturn(new Claim(Set.of("a"), Set.of("poison")));
        given(this.images.fetch("a.png")).willReturn(png(10));
        given(this.images.fetch("poison.png")).willReturn(png(20));

        BatchResult result = this.processor.process(jobs);

        assertThat(this.model.batches).containsExactly(1);
        assertThat(result.outcomes()).extracting((o) -> o.job().predictionId()).containsExactlyInAnyOrder("a", "poison");
        assertThat(result.outcomes()).filteredOn((o) -> o.job().predictionId().equals("poison")).singleElement()
            .satisfies((poison) -> {
                assertThat(poison.status()).isEqualTo(StatusCode.BACKEND_CRASHED);
                assertThat(poison.error()).contains("gave up after 3 attempts");
            });
        assertThat(result.deadLetters()).containsOnlyKeys("poison");
    }

    @Test
    void jobsOlderThanTheirTimeToLiveExpireWithoutRunning() throws Exception {
        PredictionJob old = new PredictionJob("old", "fake", "old.png", "image/png", NOW.minus(Duration.ofMinutes(16)),
                false);
        List<PredictionJob> jobs = List.of(old, job("a"));
        claimAll(jobs);
        given(this.images.fetch("a.png")).willReturn(png(10));

        BatchResult result = this.processor.process(jobs);

        verify(this.images, never()).fetch("old.png");
        assertThat(result.outcomes()).filteredOn((o) -> o.job().predictionId().equals("old")).singleElement()
            .satisfies((expired) -> {
                assertThat(expired.state()).isEqualTo(PredictionState.EXPIRED);
                assertThat(expired.error()).contains("time-to-live of 900 s");
            });
        assertThat(result.deadLetters()).isEmpty();
    }

    @Test
    void anObjectStoreOutageIsRetriedBeforeAnythingIsClaimed() throws Exception {
        List<PredictionJob> jobs = List.of(job("a"));
        given(this.images.fetch("a.png")).willThrow(new InfrastructureException("connection refused", null));

        assertThatExceptionOfType(InfrastructureException.class).isThrownBy(() -> this.processor.process(jobs));
        verify(this.store, never()).claim(anyList(), any(), any(), anyInt());
    }

    @Test
    void predictionTimeIsThePerImageShareOfTheBatch() {
        assertThat(BatchProcessor.perImage(12_000_000L, 4)).isEqualTo(0.003);
        assertThat(BatchProcessor.perImage(1_234_567_890L, 1)).isEqualTo(1.235);
    }

    private void claimAll(List<PredictionJob> jobs) throws InfrastructureException {
        Set<String> ids = Set.copyOf(jobs.stream().map(PredictionJob::predictionId).toList());
        given(this.store.claim(jobs, "worker-1", NOW, 3)).willReturn(new Claim(ids, Set.of()));
    }

    private static PredictionJob job(String id) {
        return new PredictionJob(id, "fake", id + ".png", "image/png", NOW, false);
    }

    /** A 2x2 gray PNG of one value. */
    private static byte[] png(int value) throws IOException {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, 2, 2, 0, new int[] { value, value, value, value });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Answers the first pixel value as its class: "ten" for 10, "twenty" for 20. */
    private static final class FakeModel implements ModelRunner {

        private final List<Integer> batches = new ArrayList<>();

        private final List<Integer> inputLengths = new ArrayList<>();

        private InferenceException failure;

        private boolean readsPixels = true;

        @Override
        public boolean readsPixels() {
            return this.readsPixels;
        }

        @Override
        public ModelDefinition definition() {
            return new ModelDefinition("fake", "Fake", "", "fake-net", 7, ModelDefinition.Engine.PyTorch, "/fake.pt",
                    ModelDefinition.Task.classification,
                    new Preprocessing(2, 2, "grayscale", false, 1, List.of(0.0), List.of(1.0), "NCHW"),
                    List.of("ten", "twenty"), 1, 0.5, new Batching(8, 5), 1, ModelDefinition.ImageAction.keep, false,
                    new ModelDefinition.Detection(0.5, 0.45, 100), null, true, null);
        }

        @Override
        public ModelInfo modelInfo() {
            return new ModelInfo("fake-net", 7, "fake");
        }

        @Override
        public List<List<Prediction>> predict(List<float[]> inputs) throws InferenceException {
            if (this.failure != null) {
                throw this.failure;
            }
            this.batches.add(inputs.size());
            inputs.forEach((input) -> this.inputLengths.add(input.length));
            return inputs.stream()
                .map((input) -> input.length == 0 || input[0] == 10f ? Prediction.classification(0, "ten", 1.0)
                        : Prediction.classification(1, "twenty", 1.0))
                .map(List::of)
                .toList();
        }

    }

}
