package io.github.camelllm.quarkus.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The MeterRegistry quarkus-micrometer would provide (it does not resolve from the Maven Central of these builds). */
public class TestMeterRegistry {

    @Produces
    @Singleton
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
