package io.registry.stack;

/** One way of providing the services; {@link ServiceStack} is the public face. */
interface Backend extends AutoCloseable {

    Endpoints endpoints();

    void stopKafka();

    void startKafka();

    /** Stops what this backend started; never throws. */
    @Override
    void close();
}
