package dev.deeppredictor.infra.test;

/** One way of running RabbitMQ, MongoDB and S3 for tests: containers or local processes. */
interface Servers extends AutoCloseable {

    Endpoints endpoints();

    /** Stops the broker, keeping its name, ports and data for {@link #startRabbit()}. */
    void stopRabbit();

    /** Starts the broker stopped by {@link #stopRabbit()} again and returns once it accepts clients. */
    void startRabbit();

    /** Stops everything; a second call does nothing. */
    @Override
    void close();

}
