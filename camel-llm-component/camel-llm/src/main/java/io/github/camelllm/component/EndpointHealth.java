package io.github.camelllm.component;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;

import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmHealth;
import io.github.camelllm.spi.LlmHealthOptions;
import io.github.camelllm.spi.ModelSpec;

/**
 * The readiness of one llm endpoint, as its producers report it: starting (a producer is loading the model or setting
 * up its remote backend), failed (the last start failed), or the backend's own {@link LlmBackend#status} and probe ({@link HealthProbes}) once a
 * producer runs. While the endpoint has a producer, or a failed start to report, its Camel health check is in the
 * {@code producers} repository (which Camel consults with {@code camel.health.producersEnabled=true}).
 */
final class EndpointHealth {

    private final LlmEndpoint endpoint;
    private final Map<Object, LlmBackend> running = new LinkedHashMap<>();
    private int starting;
    private LlmBackends.Choice choice;
    private Throwable failure;
    private LlmHealthOptions options = LlmHealthOptions.defaults();
    private WritableHealthCheckRepository repository;
    private LlmProducerHealthCheck check;

    EndpointHealth(LlmEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    synchronized void starting() {
        starting++;
        register();
    }

    synchronized void chosen(LlmBackends.Choice choice) {
        this.choice = choice;
    }

    synchronized void started(Object producer, LlmBackend backend, LlmHealthOptions options) {
        starting--;
        running.put(producer, backend);
        this.options = options;
        failure = null;
    }

    synchronized void failed(Throwable error) {
        starting--;
        failure = error;
    }

    /** A producer stopped; the check leaves the repository with the last one, unless a failure is to be reported. */
    synchronized void stopped(Object producer) {
        running.remove(producer);
        if (running.isEmpty() && starting == 0 && failure == null) {
            unregister();
        }
    }

    synchronized void unregister() {
        if (repository != null && check != null) {
            repository.removeHealthCheck(check);
        }
        repository = null;
        check = null;
    }

    private void register() {
        if (check != null) {
            return;
        }
        repository = HealthCheckHelper.getHealthCheckRepository(
                endpoint.getCamelContext(), "producers", WritableHealthCheckRepository.class);
        if (repository != null) {
            check = new LlmProducerHealthCheck(endpoint);
            check.setEnabled(endpoint.getComponent().isHealthCheckProducerEnabled());
            repository.addHealthCheck(check);
        }
    }

    /** The health check in the producers repository, or null when there is none (no health registry, not started). */
    synchronized LlmProducerHealthCheck check() {
        return check;
    }

    LlmHealth current() {
        LlmBackend backend;
        LlmHealthOptions opts;
        int startingNow;
        Throwable failed;
        LlmBackends.Choice chosen;
        synchronized (this) {
            backend = running.isEmpty() ? null : running.values().iterator().next();
            opts = options;
            startingNow = starting;
            failed = failure;
            chosen = choice;
        }
        String operation = "llm:" + endpoint.getOperation();
        if (backend != null) {
            return endpoint.getComponent()
                    .runtime()
                    .healthProbes()
                    .check(backend, opts)
                    .withDetail("state", "ready")
                    .withDetail("operation", operation);
        }
        LlmConfiguration c = endpoint.getConfiguration();
        String name = chosen != null ? chosen.backend() : c.getBackend();
        boolean local = "local".equals(name);
        String model = model(c, local);
        String url = local ? c.getModelPath() : c.getBaseUrl();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", operation);
        if (startingNow > 0) {
            details.put("state", "starting");
            return LlmHealth.down(
                    name,
                    model,
                    url,
                    local
                            ? "model " + model + " is loading (" + operation + " is starting)"
                            : operation + " is starting",
                    null,
                    details);
        }
        if (failed != null) {
            details.put("state", "failed");
            return LlmHealth.down(
                    name, model, url, operation + " could not start: " + failed.getMessage(), failed, details);
        }
        details.put("state", "stopped");
        return LlmHealth.down(name, model, url, operation + " has no running producer", null, details);
    }

    private static String model(LlmConfiguration c, boolean local) {
        if (c.getModelPath() != null && !c.getModelPath().isBlank()) {
            return c.getModelPath().trim();
        }
        String spec = ModelSpec.parse(c.getModel()).name();
        if (spec != null) {
            return spec;
        }
        return local ? "the bundled demo model" : null;
    }
}
