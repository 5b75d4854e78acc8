package io.github.camelllm.quarkus.it;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** quarkus-opentelemetry exports spans to every SpanExporter bean (quarkus.otel.traces.exporter=cdi, the default). */
public class InMemorySpanExporterProducer {

    @Produces
    @Singleton
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
