package dev.deeppredictor.model;

/**
 * Names of the RabbitMQ exchanges and queues, kept in one place for both services.
 */
public final class Messaging {

    /** Direct exchange receiving jobs; the routing key is the model name. */
    public static final String JOB_EXCHANGE = "deep-predictor.jobs";

    /** Exchange receiving jobs that failed for good. */
    public static final String DEAD_LETTER_EXCHANGE = "deep-predictor.dead-letters";

    /** The queue holding dead-lettered jobs of all models. */
    public static final String DEAD_LETTER_QUEUE = "deep-predictor.dead-letters";

    /** Topic exchange announcing finished results; the routing key is the model name. */
    public static final String RESULT_EXCHANGE = "deep-predictor.results";

    /** Logical type id of {@link PredictionJob} messages, independent of Java class names. */
    public static final String JOB_TYPE_ID = "prediction-job";

    /** Logical type id of {@link ResultEvent} messages. */
    public static final String RESULT_TYPE_ID = "prediction-result";

    /** Header of a dead letter: why it was given up. */
    public static final String DEAD_REASON_HEADER = "x-dp-reason";

    /** Header of a dead letter: the queue it was taken from. */
    public static final String DEAD_QUEUE_HEADER = "x-dp-queue";

    /** Header of a dead letter: the prediction id, when the message could be read. */
    public static final String DEAD_PREDICTION_HEADER = "x-dp-prediction-id";

    /** Header of a dead letter: when it was given up, ISO-8601. */
    public static final String DEAD_AT_HEADER = "x-dp-dead-at";

    private static final String QUEUE_PREFIX = "deep-predictor.model.";

    private Messaging() {
    }

    /**
     * Arguments of every model's job queue. Both services declare the queues, so both must use
     * exactly these: RabbitMQ refuses a redeclaration with other arguments.
     */
    public static java.util.Map<String, Object> jobQueueArguments() {
        return java.util.Map.of("x-queue-type", "quorum", "x-dead-letter-exchange", DEAD_LETTER_EXCHANGE);
    }

    /** The durable queue of one model's jobs. */
    public static String queueFor(String model) {
        return QUEUE_PREFIX + model;
    }

}
